from django.urls import URLPattern, URLResolver, path

from steward.audit import api

urlpatterns: list[URLPattern | URLResolver] = [
    path("api/audit/", api.AuditListView.as_view(), name="api-audit"),
]
