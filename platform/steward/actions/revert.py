"""Undo what audited calls changed: the inverse of every recorded change, newest first.

``revert`` takes audit entries (a run's, or one) and, in one transaction: refuses when a
record they touched was changed since by anyone else (RevertConflict naming each record and
field; ``force`` overwrites), deletes what they created, puts back the before-values of what
they updated, recreates what they deleted — through the change collector, so the revert's
own changes are recorded and reach the live feed — and audits itself as one entry that names
what it reverts. Reverting the same thing twice is refused.
"""

from __future__ import annotations

import time
from typing import Any

from django.apps import apps as django_apps
from django.db import models, transaction

from steward import changes
from steward.access.actors import Actor
from steward.access.roles import Role
from steward.actions.exceptions import (
    ActionDenied,
    ActionError,
    ActionInvalid,
    RecordNotFound,
    RevertConflict,
)
from steward.audit.models import AuditEntry, RecordChange
from steward.audit.services import record

ACTION = "revert"
MUTATED = ("ok", "approved")


def revert(
    *,
    app: str,
    entries: list[AuditEntry],
    actor: Actor,
    target: dict[str, Any],
    force: bool = False,
) -> AuditEntry:
    """Revert ``entries`` (their recorded changes) as ``actor``; ``target`` names what is
    reverted in the audit ({"run": id} or {"entry": seq}). Raises ActionError, audited."""
    started = time.perf_counter()
    try:
        with transaction.atomic():
            if AuditEntry.objects.filter(app=app, action=ACTION, status="ok", args=target).exists():
                raise RevertConflict(f"{_name(target)} was already reverted.")
            done = [e for e in entries if e.status in MUTATED and e.changes]
            if not done:
                raise ActionInvalid(f"{_name(target)} changed no records: nothing to revert.")
            moved_on = _later_changes(done)
            if moved_on and not force:
                raise RevertConflict(fields=moved_on)
            changeset = changes.ChangeSet(app=app, action=ACTION, actor_label=actor.label)
            with changes.collecting(changeset):
                for entry in sorted(done, key=lambda e: -e.seq):
                    for change in reversed(entry.changes or []):
                        _undo(change)
            entry = record(
                actor_label=actor.label, user=actor.user, token=actor.token, app=app,
                action=ACTION, args=target, status="ok", changes=changeset.records() or None,
                result={"reverted_entries": [e.seq for e in done], "forced": moved_on or None},
                duration_ms=round((time.perf_counter() - started) * 1000, 3),
            )  # fmt: skip
            changes.report(changeset)
        return entry
    except ActionError as exc:
        refused(app=app, actor=actor, target=target, error=exc)
        raise


def refused(*, app: str, actor: Actor, target: dict[str, Any], error: ActionError) -> None:
    """Audit a revert that was refused (denied, conflicting, nothing to do)."""
    with transaction.atomic():
        record(actor_label=actor.label, user=actor.user, token=actor.token, app=app,
               action=ACTION, args=target, status=error.audit_status,
               error=error.to_dict()["error"])  # fmt: skip


def revert_entry(*, seq: int, actor: Actor, force: bool = False) -> AuditEntry:
    """Revert one audit entry's changes; app admins only (``force`` too)."""
    entry = AuditEntry.objects.filter(seq=seq).first()
    if entry is None:
        raise RecordNotFound(f"No audit entry #{seq}.")
    target = {"entry": seq}
    if actor.role(entry.app) != Role.ADMIN:
        error = ActionDenied(f"Reverting an entry of {entry.app} needs its admin role.")
        refused(app=entry.app, actor=actor, target=target, error=error)
        raise error
    return revert(app=entry.app, entries=[entry], actor=actor, target=target, force=force)


def _name(target: dict[str, Any]) -> str:
    return f"Run {target['run']}" if "run" in target else f"Audit entry #{target.get('entry')}"


def _later_changes(entries: list[AuditEntry]) -> dict[str, list[str]]:
    """Records the entries touched that another entry changed after them, with the fields it
    changed: ``{"ideaboard.idea:3": ["title"]}``."""
    mine = {e.pk for e in entries}
    last_touch: dict[tuple[str, str], int] = {}
    for entry in entries:
        for change in entry.changes or []:
            key = (change["model"], str(change["pk"]))
            last_touch[key] = max(last_touch.get(key, 0), entry.pk)
    later: dict[str, list[str]] = {}
    index = RecordChange.objects.filter(entry_id__gt=min(last_touch.values())).exclude(
        entry_id__in=mine
    )
    for row in index.select_related("entry"):
        key = (row.model, row.record_pk)
        if row.entry_id <= last_touch.get(key, row.entry_id):
            continue
        for change in row.entry.changes or []:
            if (change["model"], str(change["pk"])) == key:
                fields = list((change.get("after") or change.get("before") or {}).keys())
                name = f"{row.model}:{row.record_pk}"
                later[name] = sorted(set(later.get(name, [])) | set(fields or ["(deleted)"]))
    return later


def _undo(change: dict[str, Any]) -> None:
    model: type[models.Model] = django_apps.get_model(change["model"])
    manager = model._default_manager
    if change["op"] == "created":
        found = manager.filter(pk=change["pk"]).first()
        if found is not None:
            found.delete()
    elif change["op"] == "updated":
        found = manager.filter(pk=change["pk"]).first()
        if found is None:
            raise ActionInvalid(f"{change['model']} #{change['pk']} no longer exists.")
        names = _assign(found, change.get("before") or {})
        found.save(update_fields=names)
    elif change["op"] == "deleted":
        again = model()
        _assign(again, change.get("before") or {})
        again.save(force_insert=True)


def _assign(instance: models.Model, stored: dict[str, Any]) -> list[str]:
    """Set fields from their recorded JSON values; returns the fields set."""
    names = []
    for name, value in stored.items():
        field = instance._meta.get_field(name)
        if not isinstance(field, models.Field) or not field.concrete:
            continue
        setattr(instance, field.attname, None if value is None else field.to_python(value))
        names.append(field.name)
    return names
