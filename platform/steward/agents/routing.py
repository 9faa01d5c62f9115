"""WebSocket routes of sessions: the log, delivered live, plus say / stop / steer."""

from django.urls import URLPattern, URLResolver, path

from steward.agents.consumers import SessionConsumer

websocket_urlpatterns: list[URLPattern | URLResolver] = [
    path("ws/sessions/<str:session_id>/", SessionConsumer.as_asgi()),
]
