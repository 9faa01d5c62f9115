from django.contrib.auth import views as auth_views
from django.urls import URLPattern, URLResolver, include, path

from steward.hosting import health, page_actions, views
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
]

# Each hosted app is served under /apps/<name>/ from its own urls.py.
for _app in hosted_apps:
    urlpatterns.append(path(f"apps/{_app.name}/", include((f"{_app.config.name}.urls", _app.name))))
