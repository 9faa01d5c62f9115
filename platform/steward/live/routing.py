"""WebSocket routes of the durable sessions.

Close codes (after the handshake, so clients can read them):
4400 bad query (``after`` is not a whole number), 4401 not authenticated (or a bad bearer
token), 4403 not on the app's team, 4404 no such session or app, 4000 closed by the server
(clients should reconnect and resume).
"""

from channels.auth import AuthMiddlewareStack
from channels.routing import URLRouter
from django.conf import settings
from django.urls import URLPattern, URLResolver, path

from steward.live.consumers import AppFeedConsumer, SessionConsumer
from steward.live.middleware import BearerTokenMiddleware, BrowserOriginValidator

websocket_urlpatterns: list[URLPattern | URLResolver] = [
    path("ws/sessions/<str:session_id>/", SessionConsumer.as_asgi()),
    path("ws/apps/<str:app>/", AppFeedConsumer.as_asgi()),
]

if settings.STEWARD_LIVE_BENCH_BASELINE:  # the benchmark's baseline; never in production
    from steward.live.bench_baseline import BaselineConsumer

    websocket_urlpatterns.append(path("ws/bench-baseline/<str:room>/", BaselineConsumer.as_asgi()))

websocket_application = BrowserOriginValidator(
    AuthMiddlewareStack(BearerTokenMiddleware(URLRouter(websocket_urlpatterns)))
)
