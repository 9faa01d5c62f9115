"""A record's history from the audit log: who changed what, when, each field before → after."""

from __future__ import annotations

from dataclasses import dataclass, field
from datetime import datetime
from typing import Any

from steward.audit.models import OUTSIDE_CHANGE, AuditEntry, RecordChange

SHOWN = 50


@dataclass(frozen=True)
class FieldChange:
    name: str
    before: Any
    after: Any


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
    return [
        item
        for entry in sorted(entries, key=lambda e: -e.seq)
        if (item := _item(entry, model_label, str(pk))) is not None
    ]


def _item(entry: AuditEntry, model_label: str, pk: str) -> HistoryItem | None:
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
        fields=[FieldChange(n, before.get(n), after.get(n)) for n in names],
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
