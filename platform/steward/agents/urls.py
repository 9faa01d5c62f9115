from django.urls import URLPattern, URLResolver, path

from steward.agents import api

urlpatterns: list[URLPattern | URLResolver] = [
    path(
        "api/sessions/<str:session_id>/messages",
        api.MessagesView.as_view(),
        name="agents-messages",
    ),
    path("api/sessions/<str:session_id>/stop", api.StopView.as_view(), name="session-stop"),
    path("api/sessions/<str:session_id>/steer", api.SteerView.as_view(), name="session-steer"),
    path("api/sessions/<str:session_id>/runs", api.SessionRunsView.as_view(), name="agents-runs"),
    path("api/runs/<str:run_id>", api.RunView.as_view(), name="agents-run"),
]
