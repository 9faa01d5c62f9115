"""Steward's URL map: each package owns its routes in its own urls.py."""

from django.contrib import admin
from django.urls import include, path

urlpatterns = [
    path("admin/", admin.site.urls),
    path("", include("steward.pages.urls")),
    path("", include("steward.actions.urls")),
    path("", include("steward.audit.urls")),
    path("", include("steward.live.urls")),
    path("ds/", include("steward.ds.urls")),
    path("", include("steward.agents.urls")),
    path("", include("steward.skills.urls")),
    path("", include("steward.gate.urls")),
]

handler500 = "steward.pages.errors.server_error"
