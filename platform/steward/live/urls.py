from django.urls import URLPattern, URLResolver, path

from steward.live import api, presence_api, streams_http

urlpatterns: list[URLPattern | URLResolver] = [
    path("api/sessions/", api.SessionListView.as_view(), name="live-sessions"),
    path(
        "api/sessions/<str:session_id>/presence",
        presence_api.SessionPresenceView.as_view(),
        name="live-session-presence",
    ),
    path(
        "streams/sessions/<str:session_id>",
        streams_http.session_stream_view,
        name="live-session-stream",
    ),
    path("streams/apps/<str:app>", streams_http.app_stream_view, name="live-app-stream"),
]
