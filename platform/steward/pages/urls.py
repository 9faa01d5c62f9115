import importlib.util

from django.contrib.auth import views as auth_views
from django.urls import URLPattern, URLResolver, include, path

from steward.hosting.registry import HostedApp, hosted_apps
from steward.pages import form_views, health, metrics, page_actions, records, sessions, views

urlpatterns: list[URLPattern | URLResolver] = [
    path("", views.dashboard, name="dashboard"),
    path("healthz", health.healthz, name="healthz"),
    path("readyz", health.readyz, name="readyz"),
    path("metrics", metrics.metrics, name="metrics"),
    path("accounts/login/", auth_views.LoginView.as_view(), name="login"),
    path("accounts/logout/", auth_views.LogoutView.as_view(), name="logout"),
    path("apps/<str:app>/model/", views.model_review, name="model-review"),
    path("apps/<str:app>/act/<str:action>/", page_actions.act, name="app-action"),
    path("apps/<str:app>/sessions/new/", views.new_session, name="app-new-session"),
    path("apps/<str:app>/actions/", form_views.actions_page, name="app-actions"),
    path("apps/<str:app>/actions/<str:action>/", form_views.submit, name="app-action-form"),
    path("apps/<str:app>/records/<str:model>/<str:pk>/", records.record_page, name="app-record"),
    path("sessions/<str:session_id>/", sessions.session_page, name="live-session"),
]


def _app_routes(app: HostedApp) -> URLResolver:
    """The app's own urls.py, or (an app without one) the platform's page for any app."""
    module = f"{app.config.name}.urls"
    if importlib.util.find_spec(module) is not None:
        return path(f"apps/{app.name}/", include((module, app.name)))
    index = [path("", views.app_index, {"app": app.name}, name="index")]
    return path(f"apps/{app.name}/", include((index, app.name)))


urlpatterns += [_app_routes(app) for app in hosted_apps]
