"""Agent runs in Django admin: read-only, for reviewing what agents did and why runs ended."""

from __future__ import annotations

from typing import Any

from django.contrib import admin
from django.http import HttpRequest

from steward.agents.models import Run


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
