"""Agent tokens, team memberships and approvals in Django admin.

A new token's secret is shown once; its scope names actions of its app, checked here.
Issuing, changing and revoking tokens and giving, changing and taking team roles are
audited (steward.audit.trail: access sits below audit, so its admin lives up here).
Approvals are decided in steward.agents.admin (a decision resumes the run that asked).
"""

from __future__ import annotations

from typing import Any

from django import forms
from django.contrib import admin, messages
from django.core.exceptions import ValidationError
from django.db.models import QuerySet
from django.http import HttpRequest

from steward.access.models import AgentToken, Membership
from steward.actions.permissions import check_action_names
from steward.audit import trail
from steward.hosting.registry import hosted_apps


class AgentTokenForm(forms.ModelForm):
    app = forms.ChoiceField(choices=())
    actions_text = forms.CharField(
        label="Allowed actions",
        required=False,
        help_text="Comma separated action names; leave empty for every action of the app.",
    )

    class Meta:
        model = AgentToken
        fields = ("name", "owner", "app", "read_only", "expires")

    def __init__(self, *args: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        app_field: Any = self.fields["app"]
        app_field.choices = [(a.name, a.title) for a in hosted_apps]
        if self.instance.pk and self.instance.allowed_actions:
            self.initial["actions_text"] = ", ".join(self.instance.allowed_actions)

    def clean(self) -> dict[str, Any]:
        data = super().clean() or {}
        names = [n.strip() for n in data.get("actions_text", "").split(",") if n.strip()]
        try:
            check_action_names(data.get("app", ""), names)
        except ValidationError as exc:
            self.add_error("actions_text", exc)
        self.instance.allowed_actions = sorted(set(names)) or None
        return data


class IssuedForFilter(admin.SimpleListFilter):
    """Every person's message issues a token for its agent run: by default the list shows
    only the tokens people issued, which would otherwise drown in them."""

    title = "issued for"
    parameter_name = "issued_for"

    def lookups(self, request: HttpRequest, model_admin: Any) -> list[tuple[str, str]]:
        return [("runs", "Agent runs"), ("all", "Everything")]

    def queryset(self, request: HttpRequest, queryset: QuerySet[Any]) -> QuerySet[Any]:
        if self.value() == "runs":
            return queryset.filter(run_id__isnull=False)
        if self.value() == "all":
            return queryset
        return queryset.filter(run_id__isnull=True)

    def choices(self, changelist: Any) -> Any:
        yield {
            "selected": self.value() is None,
            "query_string": changelist.get_query_string(remove=[self.parameter_name]),
            "display": "People and agents",
        }
        for value, title in self.lookup_choices:
            yield {
                "selected": self.value() == value,
                "query_string": changelist.get_query_string({self.parameter_name: value}),
                "display": title,
            }


@admin.register(AgentToken)
class AgentTokenAdmin(admin.ModelAdmin):
    form = AgentTokenForm
    list_display = (
        "name", "app", "owner", "scope", "read_only", "run", "expires", "revoked", "last_used",
    )  # fmt: skip
    list_filter = (IssuedForFilter, "app", "read_only")
    search_fields = ("name", "owner__username", "run_id")
    readonly_fields = ("prefix", "run", "revoked", "last_used", "created")
    actions = ["revoke"]

    @admin.display(description="Actions")
    def scope(self, token: AgentToken) -> str:
        return ", ".join(token.allowed_actions) if token.allowed_actions else "all"

    @admin.display(description="Agent run", ordering="run_id")
    def run(self, token: AgentToken) -> str:
        return token.run_id or "—"

    def save_model(self, request: HttpRequest, obj: AgentToken, form: Any, change: bool) -> None:
        by = _by(request)
        if change:
            trail.change_token(obj, by=by, user=request.user)
            return
        secret = trail.save_new_token(obj, by=by, user=request.user)
        messages.warning(
            request,
            f"The secret of token {obj.name!r} — copy it now, it is never shown again: {secret}",
        )

    def has_delete_permission(self, request: HttpRequest, obj: AgentToken | None = None) -> bool:
        return False  # audit rows point at tokens: revoke instead

    @admin.action(description="Revoke the selected tokens")
    def revoke(self, request: HttpRequest, queryset: QuerySet[AgentToken]) -> None:
        by = _by(request)
        for token in queryset:
            trail.revoke_token(token_id=token.pk, by=by, user=request.user)
        self.message_user(request, f"Revoked {queryset.count()} token(s).")


def _by(request: HttpRequest) -> str:
    return f"user:{request.user.get_username()}"


@admin.register(Membership)
class MembershipAdmin(admin.ModelAdmin):
    list_display = ("user", "app", "role", "created")
    list_filter = ("app", "role")
    search_fields = ("user__username",)

    def save_model(self, request: HttpRequest, obj: Membership, form: Any, change: bool) -> None:
        trail.save_membership(obj, by=_by(request), user=request.user)

    def delete_model(self, request: HttpRequest, obj: Membership) -> None:
        trail.remove_membership(obj, by=_by(request), user=request.user)

    def delete_queryset(self, request: HttpRequest, queryset: QuerySet[Membership]) -> None:
        for membership in queryset.select_related("user"):
            trail.remove_membership(membership, by=_by(request), user=request.user)
