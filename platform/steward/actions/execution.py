"""Run an action's function inside the transaction that also writes its audit row."""

from __future__ import annotations

import logging
from typing import Any

from django.core.exceptions import ObjectDoesNotExist
from django.core.exceptions import ValidationError as DjangoValidationError
from django.db import DataError, IntegrityError, transaction
from rest_framework.exceptions import ValidationError as DRFValidationError

from steward import changes
from steward.actions import idempotency
from steward.actions.context import ActionContext
from steward.actions.exceptions import ActionError, ActionFailed, ActionInvalid, RecordNotFound
from steward.actions.outcome import Attempt, Outcome, jsonable
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
    """Execute, audit and report the changes in one transaction (dry run: execute, roll back,
    then audit)."""
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
        result, changeset = _call(spec, attempt, data, dry_run=False)
        entry = record(
            **attempt.audit_fields(status=status, result=result),
            changes=changeset.records() or None,
        )
        body = {"status": "ok", "result": result, "audit_id": entry.pk}
        if held is not None:
            idempotency.complete(held, http_status=200, body=body)
        _report(spec, changeset)
    return Outcome(status="ok", http_status=200, body=body, audit_id=entry.pk)


def _report(spec: ActionSpec, changeset: changes.ChangeSet) -> None:
    # Listeners (the live feed) write in this transaction: if they fail, nothing commits.
    try:
        changes.report(changeset)
    except Exception as exc:
        logger.exception("Reporting the changes of %s failed", spec.qualified_name)
        raise ActionFailed(
            f"{spec.qualified_name} was rolled back: recording its change failed "
            f"({type(exc).__name__})."
        ) from exc


def _call(
    spec: ActionSpec, attempt: Attempt, data: dict[str, Any], *, dry_run: bool
) -> tuple[Any, changes.ChangeSet]:
    ctx = attempt.context
    changeset = changes.ChangeSet(
        app=spec.app,
        action=spec.name,
        actor_label=attempt.actor.label,
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
    with changes.collecting(changeset):
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
        except OverflowError as exc:
            # SQLite's driver refuses integers beyond 64 bits before the database sees them.
            raise ActionInvalid(
                "A number is too large for the database: use whole numbers below 2^63."
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
    return jsonable(result), changeset
