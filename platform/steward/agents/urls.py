from django.urls import URLPattern, URLResolver, path

from steward.agents import api, inbox, panel

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
    path("api/runs/<str:run_id>/revert", api.RevertRunView.as_view(), name="agents-run-revert"),
    # The agent panel of app pages, the session lists and the approvals inbox.
    path("apps/<str:app>/agent/sessions/", panel.start_session, name="agents-start-session"),
    path("apps/<str:app>/sessions/", panel.app_sessions, name="agents-app-sessions"),
    path("sessions/", panel.my_sessions, name="agents-sessions"),
    path("approvals/", inbox.approvals_page, name="agents-approvals"),
    path("approvals/<int:pk>/decide", inbox.decide, name="agents-decide"),
]
