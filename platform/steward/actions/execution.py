"""Run an action's function inside the transaction that also writes its audit row."""

from __future__ import annotations

import logging
from typing import Any

from django.core.exceptions import ObjectDoesNotExist
from django.core.exceptions import ValidationError as DjangoValidationError
from django.db import DataError, IntegrityError, transaction
from rest_framework.exceptions import ValidationError as DRFValidationError

from steward.actions import idempotency
from steward.actions.context import ActionContext, Invocation, invocation
from steward.actions.exceptions import ActionError, ActionFailed, ActionInvalid, RecordNotFound
from steward.actions.outcome import Attempt, Outcome, jsonable
from steward.actions.signals import data_changed
from steward.actions.spec import ActionSpec
from steward.audit.services import record

logger = logging.getLogger(__name__)


class _RollBack(Exception):
    """Leaves a dry run's transaction without committing it."""


def execute(
    *,
    spec: ActionSpec,
    attempt: Attempt,
    data: dict[str, Any],
    dry_run: bool,
    claim: dict[str, str] | None = None,
    status: str = "ok",
) -> Outcome:
    """Execute, audit and notify in one transaction (dry run: execute, roll back, then audit)."""
    if dry_run:
        captured: list[Any] = []
        try:
            with transaction.atomic():
                captured.append(_call(spec, attempt, data, dry_run=True)[0])
                raise _RollBack()
        except _RollBack:
            pass
        # "preview": the result describes rows that were rolled back. Their ids are not
        # reserved: a later real call (or anyone's) may be given the same id.
        body = {"status": "dry_run", "preview": True, "result": captured[0]}
        with transaction.atomic():
            entry = record(**attempt.audit_fields(status="dry_run", result=captured[0]))
        return Outcome(
            status="dry_run",
            http_status=200,
            body={**body, "audit_id": entry.pk},
            audit_id=entry.pk,
        )
    with transaction.atomic():
        held = idempotency.claim(**claim) if claim else None
        result, inv = _call(spec, attempt, data, dry_run=False)
        entry = record(**attempt.audit_fields(status=status, result=result))
        body = {"status": "ok", "result": result, "audit_id": entry.pk}
        if held is not None:
            idempotency.complete(held, http_status=200, body=body)
        changes = inv.changes()
        if changes:
            _notify(spec, attempt, changes)
    return Outcome(status="ok", http_status=200, body=body, audit_id=entry.pk)


def _notify(spec: ActionSpec, attempt: Attempt, changes: list[dict[str, Any]]) -> None:
    # Receivers (the live feed) write in this transaction: if they fail, nothing commits.
    try:
        data_changed.send(
            sender=ActionSpec,
            app=spec.app,
            action=spec.name,
            actor_label=attempt.actor.label,
            changes=changes,
            session_id=attempt.context.session_id,
            run_id=attempt.context.run_id,
        )
    except Exception as exc:
        logger.exception("A data_changed receiver failed for %s", spec.qualified_name)
        raise ActionFailed(
            f"{spec.qualified_name} was rolled back: recording its change failed "
            f"({type(exc).__name__})."
        ) from exc


def _call(
    spec: ActionSpec, attempt: Attempt, data: dict[str, Any], *, dry_run: bool
) -> tuple[Any, Invocation]:
    ctx = attempt.context
    inv = Invocation(
        app=spec.app,
        action=spec.name,
        actor_label=attempt.actor.label,
        dry_run=dry_run,
        session_id=ctx.session_id,
        run_id=ctx.run_id,
    )
    action_ctx = ActionContext(
        actor=attempt.actor,
        app=spec.app,
        action=spec.name,
        dry_run=dry_run,
        session_id=ctx.session_id,
        run_id=ctx.run_id,
        request_id=ctx.request_id,
    )
    # No savepoint of its own: every caller runs this inside an atomic block that a failure
    # leaves by exception, which rolls the action's writes back with everything else.
    with invocation(inv):
        try:
            result = spec.func(action_ctx, **data)
        except ActionError:
            raise
        except DjangoValidationError as exc:
            fields = (
                exc.message_dict
                if hasattr(exc, "error_dict")
                else {"non_field_errors": exc.messages}
            )
            raise ActionInvalid(fields=jsonable(fields)) from exc
        except DRFValidationError as exc:
            raise ActionInvalid(fields=jsonable(exc.detail)) from exc
        except (DataError, IntegrityError) as exc:
            # The database refused a value (too long, out of range, a duplicate): bad input.
            raise ActionInvalid(
                f"The database refused these values: {str(exc).strip().splitlines()[0]}"
            ) from exc
        except ObjectDoesNotExist as exc:
            raise RecordNotFound(str(exc) or "No such record.") from exc
        except Exception as exc:
            logger.exception("Action %s failed", spec.qualified_name)
            raise ActionFailed(
                f"{spec.qualified_name} failed unexpectedly ({type(exc).__name__}); "
                f"the error is logged with request id {ctx.request_id or '-'}."
            ) from exc
    if not isinstance(result, dict):
        result = {"result": result}
    return jsonable(result), inv
