"""Team memberships in Django admin (agent tokens: steward.actions.admin, which knows the actions
a token's scope names)."""

from __future__ import annotations

from django.contrib import admin

from steward.access.models import Membership


@admin.register(Membership)
class MembershipAdmin(admin.ModelAdmin):
    list_display = ("user", "app", "role", "created")
    list_filter = ("app", "role")
    search_fields = ("user__username",)
