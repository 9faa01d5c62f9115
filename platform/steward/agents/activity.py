"""Recent activity for people: the audit log's latest calls, in words, per app or per person."""

from __future__ import annotations

from typing import Any

from django.db.models import Q

from steward.agents.words import action_words, arguments_summary

SHOWN = ("ok", "approved", "pending", "rejected", "replayed")


def recent_for(user: Any, *, app: str | None = None, limit: int = 8) -> list[dict[str, Any]]:
    """The latest calls in the apps ``user`` may open (or in ``app``, if they may open it)."""
    from steward.access.teams import apps_visible_to
    from steward.audit.models import AuditEntry

    visible = apps_visible_to(user)
    apps = {app} & visible if app else visible
    if not apps:
        return []
    entries = (
        AuditEntry.objects.calls()  # changes made outside Steward show in records' history
        .filter(app__in=apps, status__in=SHOWN)
        .exclude(_reads(apps))  # looking is not activity: list_… calls would drown the changes
        .select_related("user", "token__owner")
        .order_by("-id")[:limit]
    )
    return [describe(entry) for entry in entries]


def _reads(apps: set[str]) -> Q:
    from steward.actions.registry import actions

    reads = Q(pk__in=[])
    for app in apps:
        names = [spec.name for spec in actions.for_app(app) if spec.read_only]
        if names:
            reads |= Q(app=app, action__in=names)
    return reads


def describe(entry: Any) -> dict[str, Any]:
    if entry.run_id and entry.token is not None and entry.token.owner is not None:
        who, agent = f"an agent for {entry.token.owner.get_username()}", True
    elif entry.token is not None:
        who, agent = f"agent {entry.token.name}", True
    else:
        who, agent = entry.actor_label.removeprefix("user:"), False
    return {
        "who": who,
        "agent": agent,
        "action": action_words(entry.action),
        "arguments": arguments_summary(entry.args),
        "status": entry.status,
        "app": entry.app,
        "created": entry.created,
        "session": entry.session_id,
    }
