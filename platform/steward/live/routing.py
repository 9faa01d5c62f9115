"""WebSocket routes of the live package: app feeds (session sockets: steward.agents.routing).

steward.routing composes every package's routes behind one middleware stack.
"""

from django.urls import URLPattern, URLResolver, path

from steward.live.consumers import AppFeedConsumer

websocket_urlpatterns: list[URLPattern | URLResolver] = [
    path("ws/apps/<str:app>/", AppFeedConsumer.as_asgi()),
]
