"""Every WebSocket route, behind origin checks, session login and bearer-token authentication.

Close codes and frames: steward.live.consumers.
"""

from channels.auth import AuthMiddlewareStack
from channels.routing import URLRouter
from django.urls import URLPattern, URLResolver

from steward.agents.routing import websocket_urlpatterns as session_routes
from steward.live.middleware import BearerTokenMiddleware, BrowserOriginValidator, KeepAsgiSend
from steward.live.routing import websocket_urlpatterns as feed_routes

websocket_urlpatterns: list[URLPattern | URLResolver] = [*session_routes, *feed_routes]

websocket_application = KeepAsgiSend(
    BrowserOriginValidator(
        AuthMiddlewareStack(BearerTokenMiddleware(URLRouter(websocket_urlpatterns)))
    )
)
