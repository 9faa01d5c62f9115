from django.urls import URLPattern, URLResolver, path

from steward.live import api, pages, streams_http

urlpatterns: list[URLPattern | URLResolver] = [
    path("api/sessions/", api.SessionListView.as_view(), name="live-sessions"),
    path("api/sessions/<str:session_id>/stop", api.StopView.as_view(), name="live-stop"),
    path("api/sessions/<str:session_id>/steer", api.SteerView.as_view(), name="live-steer"),
    path("sessions/<str:session_id>/", pages.session_page, name="live-session"),
    path(
        "streams/sessions/<str:session_id>",
        streams_http.session_stream_view,
        name="live-session-stream",
    ),
    path("streams/apps/<str:app>", streams_http.app_stream_view, name="live-app-stream"),
]
