"""A record's history from the audit log: who changed what, when, each field before → after."""

from __future__ import annotations

from dataclasses import dataclass, field
from datetime import datetime
from typing import Any

from django.apps import apps
from django.db import models

from steward.audit.models import OUTSIDE_CHANGE, AuditEntry, RecordChange
from steward.pages.values import Names, for_people, related_names

SHOWN = 50


@dataclass(frozen=True)
class FieldChange:
    name: str
    before: Any
    after: Any
    label: str = ""  # the field's verbose name, for people


@dataclass(frozen=True)
class HistoryItem:
    """One change to the record: an audit entry seen from the record."""

    seq: int
    when: datetime
    who: str
    action: str
    op: str
    session_id: str
    run_id: str
    fields: list[FieldChange] = field(default_factory=list)

    @property
    def outside(self) -> bool:
        return self.action == OUTSIDE_CHANGE

    @property
    def what(self) -> str:
        """The change in words: "created it", "changed 2 fields", "deleted it"."""
        if self.op == "created":
            return "created it"
        if self.op == "deleted":
            return "deleted it"
        count = len(self.fields)
        return f"changed {count} field{'s' if count != 1 else ''}"


def record_history(model_label: str, pk: Any, *, limit: int = SHOWN) -> list[HistoryItem]:
    """The newest changes of record ``model_label:pk`` first: two queries, plus one per model
    the changed foreign keys point to (never one per related record)."""
    index = RecordChange.objects.filter(model=model_label, record_pk=str(pk)).order_by("-entry_id")
    entries = AuditEntry.objects.filter(
        pk__in=list(index.values_list("entry_id", flat=True)[:limit])
    ).select_related("user", "token")
    found = [
        (entry, change)
        for entry in sorted(entries, key=lambda e: -e.seq)
        if (change := _change_of(entry, model_label, str(pk))) is not None
    ]
    fields = _fields_of(model_label)
    names = related_names(
        (f, raw)
        for _, change in found
        for side in (change.get("before") or {}, change.get("after") or {})
        for name, raw in side.items()
        if (f := fields.get(name)) is not None
    )
    return [_item(entry, change, fields, names) for entry, change in found]


def _change_of(entry: AuditEntry, model_label: str, pk: str) -> dict[str, Any] | None:
    return next(
        (c for c in entry.changes or () if c["model"] == model_label and str(c["pk"]) == pk),
        None,
    )


def _shown_names(change: dict[str, Any]) -> list[str]:
    return (
        list(change.get("after") or {})
        if change["op"] != "deleted"
        else list(change.get("before") or {})
    )


def _item(
    entry: AuditEntry, change: dict[str, Any], fields: dict[str, models.Field], names: Names
) -> HistoryItem:
    before, after = change.get("before") or {}, change.get("after") or {}
    return HistoryItem(
        seq=entry.seq,
        when=entry.created,
        who=_who(entry),
        action=entry.action,
        op=change["op"],
        session_id=entry.session_id,
        run_id=entry.run_id,
        fields=[
            shown
            for n in _shown_names(change)
            if (shown := _for_people(FieldChange(n, before.get(n), after.get(n)), fields, names))
            is not None
        ],
    )


def _fields_of(model_label: str) -> dict[str, models.Field]:
    """The model's own fields by name; none when the model is gone (the audit history is
    never rewritten, so its fields are then shown as they were stored)."""
    try:
        model = apps.get_model(model_label)
    except (LookupError, ValueError):
        return {}
    return {f.name: f for f in model._meta.get_fields() if isinstance(f, models.Field)}


def _for_people(
    change: FieldChange, fields: dict[str, models.Field], names: Names
) -> FieldChange | None:
    """The field as the record page shows it (steward.pages.values): verbose name, choice
    label, Yes/No, money, a date, a related record by name; None for the key and the
    timestamps the database keeps by itself. A field the model no longer has is shown as it
    was stored."""
    f = fields.get(change.name)
    if f is None:
        return change
    if f.primary_key or getattr(f, "auto_now", False) or getattr(f, "auto_now_add", False):
        return None
    label = str(f.verbose_name).capitalize()
    return FieldChange(
        change.name, for_people(f, change.before, names), for_people(f, change.after, names), label
    )


def _who(entry: AuditEntry) -> str:
    """A person's name, an agent token's, or "outside Steward" (admin, shell)."""
    if entry.action == OUTSIDE_CHANGE:
        return "Outside Steward (Django admin, a shell or a data load)"
    if entry.token is not None:
        owner = entry.user.get_username() if entry.user else "someone"
        return f"agent {entry.token.name} (for {owner})"
    if entry.user is not None:
        return entry.user.get_username()
    return entry.actor_label
