"""A record's history from the audit log: who changed what, when, each field before → after."""

from __future__ import annotations

from dataclasses import dataclass, field
from datetime import datetime
from typing import Any

from django.apps import apps
from django.core.exceptions import FieldDoesNotExist
from django.db import models
from django.utils.dateparse import parse_date, parse_datetime

from steward.audit.models import OUTSIDE_CHANGE, AuditEntry, RecordChange

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
    """The newest changes of record ``model_label:pk`` first (two queries)."""
    index = RecordChange.objects.filter(model=model_label, record_pk=str(pk)).order_by("-entry_id")
    entries = AuditEntry.objects.filter(
        pk__in=list(index.values_list("entry_id", flat=True)[:limit])
    ).select_related("user", "token")
    related: dict[tuple[str, Any], str] = {}  # (model, pk) -> its name, asked once per page
    return [
        item
        for entry in sorted(entries, key=lambda e: -e.seq)
        if (item := _item(entry, model_label, str(pk), related)) is not None
    ]


def _item(
    entry: AuditEntry, model_label: str, pk: str, related: dict[tuple[str, Any], str]
) -> HistoryItem | None:
    change = next(
        (c for c in entry.changes or () if c["model"] == model_label and str(c["pk"]) == pk),
        None,
    )
    if change is None:
        return None
    before, after = change.get("before") or {}, change.get("after") or {}
    names = list(after) if change["op"] != "deleted" else list(before)
    return HistoryItem(
        seq=entry.seq,
        when=entry.created,
        who=_who(entry),
        action=entry.action,
        op=change["op"],
        session_id=entry.session_id,
        run_id=entry.run_id,
        fields=_for_people(
            model_label, [FieldChange(n, before.get(n), after.get(n)) for n in names], related
        ),
    )


def _for_people(
    model_label: str, changes: list[FieldChange], related: dict[tuple[str, Any], str]
) -> list[FieldChange]:
    """The fields as the record page shows them: verbose names, choice labels, Yes/No,
    dates as dates; without the key and the timestamps the database keeps by itself. A field
    the model no longer has is shown as it was stored (the audit history is never rewritten)."""
    try:
        model = apps.get_model(model_label)
    except (LookupError, ValueError):
        return changes
    shown = []
    for change in changes:
        try:
            f = model._meta.get_field(change.name)
        except FieldDoesNotExist:
            shown.append(change)
            continue
        if not isinstance(f, models.Field):
            shown.append(change)
            continue
        if f.primary_key or getattr(f, "auto_now", False) or getattr(f, "auto_now_add", False):
            continue
        label = str(f.verbose_name).capitalize()
        value = _value_of(f, related)
        shown.append(FieldChange(change.name, value(change.before), value(change.after), label))
    return shown


def _value_of(f: models.Field, related: dict[tuple[str, Any], str]) -> Any:
    def value(raw: Any) -> Any:
        if raw is None:
            return None
        if isinstance(f, models.ForeignKey):
            return _name_of(f.related_model, raw, related)
        if f.choices:
            return dict(f.flatchoices).get(raw, raw)
        if isinstance(f, models.BooleanField):
            return "Yes" if raw else "No"
        if isinstance(f, models.DateTimeField) and isinstance(raw, str):
            return parse_datetime(raw) or raw
        if isinstance(f, models.DateField) and isinstance(raw, str):
            return parse_date(raw) or raw
        return raw

    return value


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


def _name_of(model: Any, pk: Any, related: dict[tuple[str, Any], str]) -> str:
    """A related record by its name ("Kestrel Logistics", "sam"), or "#4" once it is gone."""
    key = (model._meta.label_lower, pk)
    if key not in related:
        found = model._default_manager.filter(pk=pk).first()
        if found is not None and hasattr(found, "get_username"):
            related[key] = found.get_full_name() or found.get_username()
        else:
            related[key] = str(found) if found is not None else f"#{pk}"
    return related[key]
