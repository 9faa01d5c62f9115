"""Checkpoints in admin (read-only: they are restored with `checkpoint restore`)."""

from __future__ import annotations

from django.contrib import admin
from django.http import HttpRequest

from steward.gate.models import Checkpoint


@admin.register(Checkpoint)
class CheckpointAdmin(admin.ModelAdmin):
    list_display = ("id", "app", "created", "created_by", "record_counts", "short_digest")
    list_filter = ("app",)
    readonly_fields = (
        "app",
        "created",
        "created_by",
        "skill_version",
        "actions_digest",
        "migrations",
        "record_counts",
        "data",
    )

    @admin.display(description="actions digest")
    def short_digest(self, obj: Checkpoint) -> str:
        return obj.actions_digest[:12]

    def has_add_permission(self, request: HttpRequest) -> bool:
        return False

    def has_change_permission(self, request: HttpRequest, obj: Checkpoint | None = None) -> bool:
        return False
