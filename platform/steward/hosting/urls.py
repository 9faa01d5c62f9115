from django.contrib.auth import views as auth_views
from django.urls import URLPattern, URLResolver, include, path

from steward.hosting import form_views, health, page_actions, records, views
from steward.hosting.registry import hosted_apps

urlpatterns: list[URLPattern | URLResolver] = [
    path("", views.dashboard, name="dashboard"),
    path("healthz", health.healthz, name="healthz"),
    path("readyz", health.readyz, name="readyz"),
    path("accounts/login/", auth_views.LoginView.as_view(), name="login"),
    path("accounts/logout/", auth_views.LogoutView.as_view(), name="logout"),
    path("apps/<str:app>/model/", views.model_review, name="model-review"),
    path("apps/<str:app>/act/<str:action>/", page_actions.act, name="app-action"),
    path("apps/<str:app>/sessions/new/", views.new_session, name="app-new-session"),
    path("apps/<str:app>/actions/", form_views.actions_page, name="app-actions"),
    path("apps/<str:app>/actions/<str:action>/", form_views.submit, name="app-action-form"),
    path("apps/<str:app>/records/<str:model>/<str:pk>/", records.record_page, name="app-record"),
]

# Each hosted app is served under /apps/<name>/ from its own urls.py.
for _app in hosted_apps:
    urlpatterns.append(path(f"apps/{_app.name}/", include((f"{_app.config.name}.urls", _app.name))))
