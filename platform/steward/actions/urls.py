from django.urls import URLPattern, URLResolver, path
from drf_spectacular.views import SpectacularAPIView, SpectacularSwaggerView

from steward.actions import tool_views, views

urlpatterns: list[URLPattern | URLResolver] = [
    path("api/apps/", views.AppListView.as_view(), name="api-apps"),
    path("api/apps/<str:app>/actions/", views.ActionListView.as_view(), name="api-actions"),
    path(
        "api/apps/<str:app>/actions/<str:name>/",
        views.InvokeView.as_view(),
        name="api-invoke",
    ),
    path("api/approvals/<int:pk>/", tool_views.ApprovalView.as_view(), name="api-approval"),
    path("api/audit/<int:seq>/revert", views.RevertEntryView.as_view(), name="api-audit-revert"),
    path("api/tools/", tool_views.ToolsView.as_view(), name="api-tools"),
    path("api/schema/", SpectacularAPIView.as_view(), name="api-schema"),
    path("api/docs/", SpectacularSwaggerView.as_view(url_name="api-schema"), name="api-docs"),
]
