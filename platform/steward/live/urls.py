from django.urls import URLPattern, URLResolver, path

from steward.live import api, pages

urlpatterns: list[URLPattern | URLResolver] = [
    path("api/sessions/", api.SessionListView.as_view(), name="live-sessions"),
    path("api/sessions/<str:session_id>/stop", api.StopView.as_view(), name="live-stop"),
    path("api/sessions/<str:session_id>/steer", api.SteerView.as_view(), name="live-steer"),
    path("sessions/<str:session_id>/", pages.session_page, name="live-session"),
]
