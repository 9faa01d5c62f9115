"""WebSocket routes of the durable sessions.

Close codes (after the handshake, so clients can read them):
4400 bad query (``after`` is not a whole number), 4401 not authenticated (or a bad bearer
token), 4403 not on the app's team, 4404 no such session or app, 4000 closed by the server
(clients should reconnect and resume).
"""

from channels.auth import AuthMiddlewareStack
from channels.routing import URLRouter
from django.urls import URLPattern, URLResolver, path

from steward.live.consumers import AppFeedConsumer, SessionConsumer
from steward.live.middleware import BearerTokenMiddleware, BrowserOriginValidator

websocket_urlpatterns: list[URLPattern | URLResolver] = [
    path("ws/sessions/<str:session_id>/", SessionConsumer.as_asgi()),
    path("ws/apps/<str:app>/", AppFeedConsumer.as_asgi()),
]

websocket_application = BrowserOriginValidator(
    AuthMiddlewareStack(BearerTokenMiddleware(URLRouter(websocket_urlpatterns)))
)
