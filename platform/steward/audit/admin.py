"""The audit log in Django admin: read-only, filterable, exportable."""

from __future__ import annotations

import json
from typing import Any

from django.contrib import admin
from django.db.models import QuerySet
from django.http import HttpRequest, HttpResponse, StreamingHttpResponse
from django.urls import URLPattern, path
from django.utils.html import format_html

from steward.audit.listing import (
    ActionFilter,
    ActorFilter,
    AppFilter,
    BoundedCountPaginator,
    csv_rows,
)
from steward.audit.models import AuditEntry


def pretty(value: Any) -> str:
    if value is None:
        return "—"
    return format_html("<pre>{}</pre>", json.dumps(value, indent=2, sort_keys=True))


@admin.register(AuditEntry)
class AuditEntryAdmin(admin.ModelAdmin):
    list_display = (
        "created",
        "actor_label",
        "app",
        "action",
        "status",
        "duration_ms",
        "short_args",
    )
    list_filter = (AppFilter, ActionFilter, ActorFilter, "status")
    date_hierarchy = "created"
    search_fields = ("args", "actor_label")
    show_full_result_count = False
    paginator = BoundedCountPaginator
    list_per_page = 50
    change_list_template = "admin/audit/auditentry/change_list.html"
    actions = ["export_selected"]
    fields = (
        "seq", "created", "actor_label", "user", "token", "approver", "approval_id", "app",
        "action", "status", "duration_ms", "args_pretty", "result_pretty", "error_pretty",
        "idempotency_key", "session_link", "run_id", "request_id", "client_addr", "user_agent",
        "prev_hash", "hash",
    )  # fmt: skip
    readonly_fields = fields

    @admin.display(description="Arguments")
    def short_args(self, entry: AuditEntry) -> str:
        text = json.dumps(entry.args, sort_keys=True)
        return text if len(text) <= 80 else text[:79] + "…"

    @admin.display(description="Arguments")
    def args_pretty(self, entry: AuditEntry) -> str:
        return pretty(entry.args)

    @admin.display(description="Result")
    def result_pretty(self, entry: AuditEntry) -> str:
        return pretty(entry.result)

    @admin.display(description="Error")
    def error_pretty(self, entry: AuditEntry) -> str:
        return pretty(entry.error)

    @admin.display(description="Session")
    def session_link(self, entry: AuditEntry) -> str:
        if not entry.session_id:
            return "—"
        return format_html('<a href="/sessions/{}/">{}</a>', entry.session_id, entry.session_id)

    def has_add_permission(self, request: HttpRequest) -> bool:
        return False

    def has_change_permission(self, request: HttpRequest, obj: Any = None) -> bool:
        return False

    def has_delete_permission(self, request: HttpRequest, obj: Any = None) -> bool:
        return False

    def get_urls(self) -> list[URLPattern]:
        export = path(
            "export.csv",
            self.admin_site.admin_view(self.export_filtered),
            name="audit_auditentry_export",
        )
        return [export, *super().get_urls()]

    def export_filtered(self, request: HttpRequest) -> HttpResponse | StreamingHttpResponse:
        """The changelist's current filter and search, as CSV."""
        if not self.has_view_permission(request):
            return HttpResponse(status=403)
        changelist = self.get_changelist_instance(request)
        return self._csv(changelist.get_queryset(request))

    @admin.action(description="Export the selected entries as CSV")
    def export_selected(
        self, request: HttpRequest, queryset: QuerySet[AuditEntry]
    ) -> StreamingHttpResponse:
        return self._csv(queryset)

    def _csv(self, queryset: QuerySet[AuditEntry]) -> StreamingHttpResponse:
        response = StreamingHttpResponse(csv_rows(queryset), content_type="text/csv")
        response["Content-Disposition"] = 'attachment; filename="audit.csv"'
        return response
