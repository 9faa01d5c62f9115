"""Save Gate services: check an app and checkpoint it; restore a checkpoint."""

from __future__ import annotations

import time
from dataclasses import dataclass
from typing import Any

from django.core.serializers.base import DeserializationError
from django.db import DatabaseError, transaction

from steward.actions.registry import actions
from steward.audit.services import record
from steward.gate import checks, snapshot
from steward.gate.exceptions import RestoreFailed, UnknownCheckpoint
from steward.gate.models import Checkpoint
from steward.live.services import append_app_event
from steward.skills.models import SkillVersion
from steward.skills.services import skill_name_for


@dataclass(frozen=True)
class GateResult:
    app: str
    failures: list[str]
    checkpoint: Checkpoint | None

    @property
    def passed(self) -> bool:
        return not self.failures


def savegate(*, app: str, by: str) -> GateResult:
    """Run every check; when all pass, write a Checkpoint of the app."""
    failures = checks.failures(app)
    if failures:
        return GateResult(app=app, failures=failures, checkpoint=None)
    return GateResult(app=app, failures=[], checkpoint=create_checkpoint(app=app, by=by))


def create_checkpoint(*, app: str, by: str) -> Checkpoint:
    with transaction.atomic():
        version = (
            SkillVersion.objects.filter(skill__name=skill_name_for(app))
            .order_by("-created", "-id")
            .first()
        )
        return Checkpoint.objects.create(
            app=app,
            created_by=by,
            skill_version=version,
            actions_digest=actions.digest(app),
            migrations=checks.applied_migrations(app),
            data=snapshot.take(app),
            record_counts=snapshot.counts(app),
        )


def restore_checkpoint(*, app: str, checkpoint_id: int, by: str, user: Any = None) -> Checkpoint:
    """Put the app's data back as it was at the checkpoint: one transaction, audited, and
    announced on the app's live feed (one ``app.changed`` per model, op ``restored``)."""
    started = time.perf_counter()
    with transaction.atomic():
        checkpoint = Checkpoint.objects.filter(app=app, pk=checkpoint_id).first()
        if checkpoint is None:
            raise UnknownCheckpoint(app, checkpoint_id)
        try:
            with transaction.atomic():
                restored = snapshot.put_back(app, checkpoint.data)
        except (DatabaseError, DeserializationError) as exc:
            raise RestoreFailed(app, checkpoint_id, str(exc).strip()) from exc
        record(
            actor_label=by,
            user=user,
            app=app,
            action="checkpoint.restore",
            args={"checkpoint": checkpoint.pk},
            result={"restored": {m: len(ids) for m, ids in restored.items()}},
            status="ok",
            duration_ms=round((time.perf_counter() - started) * 1000, 3),
        )
        for model, ids in restored.items():
            append_app_event(
                app=app,
                type="app.changed",
                data={
                    "app": app,
                    "model": model,
                    "ids": ids,
                    "op": "restored",
                    "action": "checkpoint.restore",
                    "actor": by,
                },
                by=by,
            )
    return checkpoint
