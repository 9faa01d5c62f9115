"""Agent runs and approvals in Django admin.

Runs are read-only, for reviewing what agents did and why runs ended. Approvals are decided
here (not beside the audit log) because a decision resumes the run that asked for it.
"""

from __future__ import annotations

from typing import Any

from django.contrib import admin, messages
from django.contrib.admin import helpers
from django.db.models import QuerySet
from django.http import HttpRequest, HttpResponse
from django.template.response import TemplateResponse

from steward.actions.exceptions import ActionError
from steward.actions.models import Approval
from steward.agents.decisions import decide
from steward.agents.models import Run
from steward.audit.admin import pretty


@admin.register(Run)
class RunAdmin(admin.ModelAdmin):
    list_display = ["id", "session_id", "app", "agent", "state", "model", "steps", "created"]
    list_filter = ["state", "app", "agent"]
    search_fields = ["id", "session_id", "prompt", "output"]
    ordering = ["-created"]

    def get_readonly_fields(self, request: HttpRequest, obj: Any = None) -> list[str]:
        return [f.name for f in Run._meta.fields]

    def has_add_permission(self, request: HttpRequest) -> bool:
        return False

    def has_delete_permission(self, request: HttpRequest, obj: Any = None) -> bool:
        return False


@admin.register(Approval)
class ApprovalAdmin(admin.ModelAdmin):
    list_display = ("id", "created", "app", "action", "requested_by", "state", "decided_by")
    list_filter = ("state", "app")
    search_fields = ("requested_by", "action")
    actions = ["approve", "reject"]
    fields = (
        "app", "action", "args_pretty", "requested_by", "token", "session_id", "run_id",
        "state", "decided_by", "decided", "reason", "result_pretty", "created",
    )  # fmt: skip
    readonly_fields = fields

    @admin.display(description="Arguments")
    def args_pretty(self, approval: Approval) -> str:
        return pretty(approval.args)

    @admin.display(description="Result")
    def result_pretty(self, approval: Approval) -> str:
        return pretty(approval.result)

    def has_add_permission(self, request: HttpRequest) -> bool:
        return False

    def has_delete_permission(self, request: HttpRequest, obj: Any = None) -> bool:
        return False

    @admin.action(description="Approve and run the selected calls")
    def approve(self, request: HttpRequest, queryset: QuerySet[Approval]) -> None:
        for approval in queryset:
            try:
                decided = decide(approval_id=approval.pk, by=request.user, approve=True)
            except ActionError as exc:
                self.message_user(request, f"#{approval.pk}: {exc.message}", messages.ERROR)
                continue
            level = messages.SUCCESS if decided.state == "approved" else messages.ERROR
            self.message_user(request, f"#{approval.pk}: {decided.state}.", level)

    @admin.action(description="Reject the selected calls (with a reason)")
    def reject(self, request: HttpRequest, queryset: QuerySet[Approval]) -> HttpResponse | None:
        reason = request.POST.get("reason", "").strip()
        if "confirm" not in request.POST or not reason:
            context = {
                **self.admin_site.each_context(request),
                "title": "Reject approvals",
                "approvals": queryset,
                "opts": self.model._meta,
                "action_checkbox_name": helpers.ACTION_CHECKBOX_NAME,
                "missing_reason": "confirm" in request.POST,
            }
            return TemplateResponse(request, "admin/actions/approval/reject.html", context)
        for approval in queryset:
            try:
                decide(approval_id=approval.pk, by=request.user, approve=False, reason=reason)
            except ActionError as exc:
                self.message_user(request, f"#{approval.pk}: {exc.message}", messages.ERROR)
                continue
            self.message_user(request, f"#{approval.pk}: rejected.", messages.SUCCESS)
        return None
