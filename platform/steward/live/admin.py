"""Sessions in Django admin: read-only, for staff following what people and agents did."""

from __future__ import annotations

from typing import Any

from django.contrib import admin
from django.http import HttpRequest
from django.utils.html import format_html

from steward.live.models import Session


@admin.register(Session)
class SessionAdmin(admin.ModelAdmin):
    list_display = ["id", "title", "app", "created_by", "state", "created", "page"]
    list_filter = ["app", "state"]
    search_fields = ["id", "title", "created_by__username"]
    ordering = ["-created"]
    list_select_related = ["created_by"]

    @admin.display(description="Transcript")
    def page(self, session: Session) -> str:
        return format_html('<a href="/sessions/{}/">open</a>', session.id)

    def get_readonly_fields(self, request: HttpRequest, obj: Any = None) -> list[str]:
        return [f.name for f in Session._meta.fields] + ["page"]

    def has_add_permission(self, request: HttpRequest) -> bool:
        return False

    def has_change_permission(self, request: HttpRequest, obj: Any = None) -> bool:
        return False

    def has_delete_permission(self, request: HttpRequest, obj: Any = None) -> bool:
        return False
