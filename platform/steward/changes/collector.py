"""Collect the records a Safe Action changes; report changes made outside one at once."""

from __future__ import annotations

import contextvars
from collections.abc import Iterator
from contextlib import contextmanager
from dataclasses import dataclass, field
from typing import Any

from django.db import models
from django.db.models.signals import post_delete, post_save

from steward.changes.signals import records_changed
from steward.hosting.registry import hosted_apps

OUTSIDE = "outside"

# The invocation running on this thread (or task): its changes are noted, not reported.
_current: contextvars.ContextVar[ChangeSet | None] = contextvars.ContextVar(
    "steward_changes", default=None
)


@dataclass
class ChangeSet:
    """The hosted-app records one action call has changed so far, and who made the call."""

    app: str
    action: str | None
    actor_label: str
    session_id: str | None = None
    run_id: str | None = None
    _ids: dict[tuple[str, str], list[Any]] = field(default_factory=dict)

    def note(self, model: str, pk: Any, op: str) -> None:
        if op == "updated" and pk in self._ids.get((model, "created"), ()):
            return  # created and then touched again: still just "created"
        ids = self._ids.setdefault((model, op), [])
        if pk not in ids:
            ids.append(pk)

    def changes(self) -> list[dict[str, Any]]:
        return [{"model": m, "ids": list(ids), "op": op} for (m, op), ids in self._ids.items()]


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
            action=changeset.action,
            actor_label=changeset.actor_label,
            session_id=changeset.session_id,
            run_id=changeset.run_id,
        )


def _noticed(sender: type[models.Model], instance: models.Model, op: str, raw: bool) -> None:
    if raw or getattr(sender._meta, "app_config", None) is None:
        return  # fixtures loading, or a migration's historical model
    app = sender._meta.app_label
    if app not in hosted_apps:
        return
    changeset = _current.get()
    if changeset is not None:
        changeset.note(sender._meta.label_lower, instance.pk, op)
        return
    outside = ChangeSet(app=app, action=None, actor_label=OUTSIDE)
    outside.note(sender._meta.label_lower, instance.pk, op)
    report(outside)


def _on_save(sender: type[models.Model], instance: models.Model, created: bool, **kw: Any) -> None:
    _noticed(sender, instance, "created" if created else "updated", bool(kw.get("raw")))


def _on_delete(sender: type[models.Model], instance: models.Model, **kw: Any) -> None:
    _noticed(sender, instance, "deleted", False)


def connect() -> None:
    """The one hook on every model's saves and deletes (filtered to hosted apps)."""
    post_save.connect(_on_save, dispatch_uid="steward.changes.save")
    post_delete.connect(_on_delete, dispatch_uid="steward.changes.delete")
