"""Collect the records a Safe Action changes, with their fields before and after; report
changes made outside one at once."""

from __future__ import annotations

import contextvars
import json
from collections.abc import Iterator
from contextlib import contextmanager
from dataclasses import dataclass, field
from typing import Any

from django.core.serializers.json import DjangoJSONEncoder
from django.db import models
from django.db.models.signals import post_delete, post_save, pre_delete, pre_save

from steward.changes.signals import records_changed
from steward.hosting.registry import hosted_apps

OUTSIDE = "outside"
_BEFORE = "_steward_before"  # the row as stored, kept on the instance from pre_ to post_

# The invocation running on this thread (or task): its changes are noted, not reported.
_current: contextvars.ContextVar[ChangeSet | None] = contextvars.ContextVar(
    "steward_changes", default=None
)


@dataclass
class Change:
    """One record's change: all fields for created and deleted, the changed ones for updated."""

    model: str
    pk: Any
    op: str
    before: dict[str, Any] | None
    after: dict[str, Any] | None

    def as_dict(self) -> dict[str, Any]:
        before, after = self.before, self.after
        if self.op == "updated" and before is not None and after is not None:
            moved = [name for name in after if before.get(name) != after[name]]
            before = {name: before.get(name) for name in moved}
            after = {name: after[name] for name in moved}
        return {"model": self.model, "pk": self.pk, "op": self.op,
                "before": before, "after": after}  # fmt: skip


@dataclass
class ChangeSet:
    """The hosted-app records one action call has changed so far, and who made the call."""

    app: str
    action: str | None
    actor_label: str
    session_id: str | None = None
    run_id: str | None = None
    _records: dict[tuple[str, Any], Change] = field(default_factory=dict)

    def note(self, model: str, pk: Any, op: str, before: Any = None, after: Any = None) -> None:
        key = (model, pk)
        seen = self._records.get(key)
        if seen is None:
            self._records[key] = Change(model, pk, op, before, after)
        elif op == "deleted" and seen.op == "created":
            del self._records[key]  # created and deleted within the call: nothing happened
        else:
            # created then touched again: still "created"; the first "before" stands.
            seen.op = seen.op if seen.op == "created" else op
            seen.after = after

    def records(self) -> list[dict[str, Any]]:
        """Each changed record with its fields before and after (see Change)."""
        return [c.as_dict() for c in self._records.values() if _changed(c)]

    def changes(self) -> list[dict[str, Any]]:
        """The records by model and operation: ``{"model", "ids", "op"}`` (the live feed's)."""
        grouped: dict[tuple[str, str], list[Any]] = {}
        for change in self._records.values():
            if _changed(change):
                grouped.setdefault((change.model, change.op), []).append(change.pk)
        return [{"model": m, "ids": ids, "op": op} for (m, op), ids in grouped.items()]


def _changed(change: Change) -> bool:
    return change.op != "updated" or change.before != change.after


def current() -> ChangeSet | None:
    """The change set of the action running here, or None (admin, shell, other code)."""
    return _current.get()


@contextmanager
def collecting(changeset: ChangeSet) -> Iterator[ChangeSet]:
    """Note every hosted-app record saved or deleted inside the block on ``changeset``."""
    token = _current.set(changeset)
    try:
        yield changeset
    finally:
        _current.reset(token)


def report(changeset: ChangeSet) -> None:
    """Tell the listeners what ``changeset`` holds (call inside the change's transaction)."""
    changes = changeset.changes()
    if changes:
        records_changed.send(
            sender=ChangeSet,
            app=changeset.app,
            changes=changes,
            records=changeset.records(),
            action=changeset.action,
            actor_label=changeset.actor_label,
            session_id=changeset.session_id,
            run_id=changeset.run_id,
        )


def values(instance: models.Model) -> dict[str, Any]:
    """A record's stored fields as JSON values (foreign keys as the related record's pk)."""
    raw = {f.name: f.value_from_object(instance) for f in instance._meta.concrete_fields}
    plain: dict[str, Any] = json.loads(json.dumps(raw, cls=DjangoJSONEncoder))
    return plain


def _watched(sender: type[models.Model]) -> bool:
    # No app config: a migration's historical model.
    return getattr(sender._meta, "app_config", None) is not None and (
        sender._meta.app_label in hosted_apps
    )


def _on_pre_save(sender: type[models.Model], instance: models.Model, **kw: Any) -> None:
    if kw.get("raw") or instance._state.adding or not _watched(sender):
        return
    stored = sender._default_manager.filter(pk=instance.pk).first()
    setattr(instance, _BEFORE, values(stored) if stored is not None else None)


def _on_save(sender: type[models.Model], instance: models.Model, created: bool, **kw: Any) -> None:
    if kw.get("raw") or not _watched(sender):
        return
    after = values(instance)
    if created:
        _noticed(sender, instance, "created", None, after)
        return
    before = instance.__dict__.pop(_BEFORE, None)
    for name in _stamps(sender):  # "last modified" times move on every save: not a change
        after.pop(name, None)
        if before is not None:
            before.pop(name, None)
    _noticed(sender, instance, "updated", before, after)


def _stamps(model: type[models.Model]) -> list[str]:
    return [f.name for f in model._meta.concrete_fields if getattr(f, "auto_now", False)]


def _on_pre_delete(sender: type[models.Model], instance: models.Model, **kw: Any) -> None:
    if _watched(sender):
        setattr(instance, _BEFORE, values(instance))


def _on_delete(sender: type[models.Model], instance: models.Model, **kw: Any) -> None:
    if _watched(sender):
        _noticed(sender, instance, "deleted", instance.__dict__.pop(_BEFORE, None), None)


def _noticed(
    sender: type[models.Model], instance: models.Model, op: str, before: Any, after: Any
) -> None:
    changeset = _current.get()
    if changeset is not None:
        changeset.note(sender._meta.label_lower, instance.pk, op, before, after)
        return
    outside = ChangeSet(app=sender._meta.app_label, action=None, actor_label=OUTSIDE)
    outside.note(sender._meta.label_lower, instance.pk, op, before, after)
    report(outside)


def connect() -> None:
    """The one hook on every model's saves and deletes (filtered to hosted apps)."""
    pre_save.connect(_on_pre_save, dispatch_uid="steward.changes.pre_save")
    post_save.connect(_on_save, dispatch_uid="steward.changes.save")
    pre_delete.connect(_on_pre_delete, dispatch_uid="steward.changes.pre_delete")
    post_delete.connect(_on_delete, dispatch_uid="steward.changes.delete")
