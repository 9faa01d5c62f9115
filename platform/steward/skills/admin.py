"""Skills in admin: each skill with its versions and the diff between consecutive versions."""

from __future__ import annotations

import difflib

from django.contrib import admin
from django.http import HttpRequest
from django.utils.html import format_html

from steward.skills.models import Skill, SkillVersion


class SkillVersionInline(admin.TabularInline):
    model = SkillVersion
    fields = ("created", "author", "digest", "actions_digest")
    readonly_fields = fields
    extra = 0
    can_delete = False
    show_change_link = True

    def has_add_permission(self, request: HttpRequest, obj: Skill | None = None) -> bool:
        return False


@admin.register(Skill)
class SkillAdmin(admin.ModelAdmin):
    list_display = ("name", "app", "created")
    search_fields = ("name", "app")
    readonly_fields = ("synced_digest", "created")
    inlines = [SkillVersionInline]


def version_diff(version: SkillVersion) -> str:
    """The unified diff from the previous version of the same skill to this one."""
    previous = (
        SkillVersion.objects.filter(skill=version.skill, created__lt=version.created)
        .order_by("-created", "-id")
        .first()
    )
    return "".join(
        difflib.unified_diff(
            (previous.content if previous else "").splitlines(keepends=True),
            version.content.splitlines(keepends=True),
            fromfile=f"previous ({previous.digest[:12]})" if previous else "(none)",
            tofile=f"this version ({version.digest[:12]})",
        )
    )


@admin.register(SkillVersion)
class SkillVersionAdmin(admin.ModelAdmin):
    list_display = ("skill", "created", "author", "short_digest")
    list_filter = ("skill",)
    readonly_fields = ("skill", "created", "author", "digest", "actions_digest", "diff", "content")
    fields = readonly_fields

    @admin.display(description="digest")
    def short_digest(self, obj: SkillVersion) -> str:
        return obj.digest[:12]

    @admin.display(description="Changes from the previous version")
    def diff(self, obj: SkillVersion) -> str:
        return format_html("<pre style='white-space:pre-wrap'>{}</pre>", version_diff(obj) or "—")

    def has_add_permission(self, request: HttpRequest) -> bool:
        return False

    def has_change_permission(self, request: HttpRequest, obj: SkillVersion | None = None) -> bool:
        return False
