"""invoke: the one service every edge (REST, agent runs, MCP) calls to run a Safe Action.

Order: authenticate → authorize → validate → rate-limit → idempotency → approval gate →
execute in transaction.atomic (dry run: execute, capture, roll back) → audit row in the same
transaction → the changed records reported inside it (the live feed appends its event there,
so it commits with the change or not at all) → result. Every failure raises an ActionError
subclass and is audited first, in its own transaction.
"""

from __future__ import annotations

import logging
from typing import Any

from django.db import transaction

from steward.access.authorization import denial
from steward.access.exceptions import InvalidToken
from steward.access.tokens import check_active
from steward.actions import approvals, idempotency, measure, ratelimit
from steward.actions.context import CallContext
from steward.actions.exceptions import (
    ActionDenied,
    ActionError,
    ActionInvalid,
    MalformedBody,
    NotAuthenticated,
    UnknownAction,
)
from steward.actions.execution import execute
from steward.actions.outcome import Attempt, MalformedJSON, Outcome, jsonable
from steward.actions.registry import actions
from steward.actions.spec import ActionSpec
from steward.audit.services import escape_surrogates, holds_surrogates, record
from steward.hosting.registry import hosted_apps

logger = logging.getLogger(__name__)


def invoke(
    *,
    actor: Any,
    app: str,
    name: str,
    args: Any,
    idempotency_key: str | None = None,
    dry_run: bool = False,
    context: CallContext | None = None,
) -> Outcome:
    """Run ``app.name`` with ``args`` as ``actor``; returns an Outcome or raises ActionError."""
    attempt = Attempt(actor, app, name, args, idempotency_key, context or CallContext())
    try:
        outcome = _pipeline(attempt, idempotency_key=idempotency_key, dry_run=dry_run)
    except ActionError as exc:
        audit_failure(attempt, exc)
        measure.call(attempt, exc)
        raise
    measure.call(attempt, outcome)
    return outcome


def _pipeline(attempt: Attempt, *, idempotency_key: str | None, dry_run: bool) -> Outcome:
    actor, app, name, args = attempt.actor, attempt.app, attempt.name, attempt.args
    authenticate(actor)
    if app not in hosted_apps:
        raise UnknownAction(app)
    spec = actions.get(app, name)
    authorize(actor, spec)
    data = validate(spec, args)
    ratelimit.check(scope=actor.scope_key, spec=spec)
    # A dry run commits nothing, so it neither claims an idempotency key nor waits for
    # approval: it shows what the call would do, then rolls back.
    if idempotency_key and not dry_run:
        return _with_key(spec, attempt, data, idempotency_key)
    if spec.requires_approval and actor.is_agent and not dry_run:
        return approvals.request(spec=spec, attempt=attempt)
    return execute(spec=spec, attempt=attempt, data=data, dry_run=dry_run)


def refuse_unauthenticated(
    *, app: str, name: str, args: Any, reason: str, context: CallContext | None = None
) -> None:
    """Audit and raise a call whose credentials named no known token (malformed or unknown)."""
    exc = NotAuthenticated(reason)
    audit_failure(Attempt(None, app, name, args, None, context or CallContext()), exc)
    raise exc


def authenticate(actor: Any) -> None:
    if actor is None:
        raise NotAuthenticated()
    if actor.token is not None:
        try:
            check_active(actor.token)
        except InvalidToken as exc:
            raise NotAuthenticated(exc.reason) from None
    elif not (actor.user.is_authenticated and actor.user.is_active):
        raise NotAuthenticated("This account is inactive.")


def authorize(actor: Any, spec: ActionSpec) -> None:
    reason = denial(actor, "call", spec.app, spec)
    if reason:
        raise ActionDenied(reason)


def validate(spec: ActionSpec, args: Any) -> dict[str, Any]:
    """The validated arguments; raises ActionInvalid with DRF-shaped field errors."""
    if isinstance(args, MalformedJSON):
        raise MalformedBody(f"{args} Send a JSON object with Content-Type: application/json.")
    if not isinstance(args, dict):
        raise ActionInvalid(
            f'Send the arguments as a JSON object, like {{"title": "…"}}; got '
            f"{type(args).__name__}."
        )
    _refuse_surrogates(args)
    serializer = spec.serializer_class(data=_drop_null_optionals(spec, args))
    if not serializer.is_valid():
        raise ActionInvalid(fields=jsonable(serializer.errors))
    unknown = sorted(set(args) - set(serializer.fields))
    if unknown:
        raise ActionInvalid(
            fields={
                key: [
                    f"Unknown argument. {spec.name} takes: "
                    f"{', '.join(serializer.fields) or 'no arguments'}."
                ]
                for key in unknown
            }
        )
    return dict(serializer.validated_data)


def _refuse_surrogates(args: dict[str, Any]) -> None:
    # A lone surrogate is not Unicode text: no database column stores it, and saving it would
    # fail as a 500 deep in the action. Refuse it here, naming the field (escaped, so the
    # answer itself can be encoded).
    fields = {
        escape_surrogates(key): [
            "Holds a lone UTF-16 surrogate (like \\ud800), which is not valid Unicode text. "
            "Send UTF-8 text; write a character outside the BMP as a surrogate pair "
            "(\\ud83d\\ude00) or as itself."
        ]
        for key, value in args.items()
        if holds_surrogates(key) or holds_surrogates(value)
    }
    if fields:
        raise ActionInvalid(fields=fields)


def _drop_null_optionals(spec: ActionSpec, args: dict[str, Any]) -> dict[str, Any]:
    # Strict tools send every property, null for "not given": treat that as absent.
    if None not in args.values():
        return args
    fields = spec.serializer_class().fields
    return {
        key: value
        for key, value in args.items()
        if not (
            value is None
            and key in fields
            and not fields[key].required
            and not fields[key].allow_null
        )
    }


def _with_key(spec: ActionSpec, attempt: Attempt, data: dict[str, Any], key: str) -> Outcome:
    scope = attempt.actor.scope_key
    digest = idempotency.args_hash(attempt.args)
    where = {"scope": scope, "app": spec.app, "action": spec.name, "key": key, "digest": digest}
    for _ in range(3):
        stored = idempotency.lookup(**where)
        if stored is not None:
            return _replay(attempt, stored)
        try:
            if spec.requires_approval and attempt.actor.is_agent:
                return approvals.request(spec=spec, attempt=attempt, claim=where)
            return execute(spec=spec, attempt=attempt, data=data, dry_run=False, claim=where)
        except idempotency.AlreadyClaimed:
            continue  # a concurrent duplicate committed first: replay its response
    raise ActionError("Could not claim the idempotency key; retry the call.")


def _replay(attempt: Attempt, stored: Any) -> Outcome:
    with transaction.atomic():
        entry = record(**attempt.audit_fields(status="replayed", result=stored.body))
    return Outcome(
        status="replayed",
        http_status=stored.http_status,
        body=stored.body,
        audit_id=entry.pk,
        approval_id=(stored.body.get("approval") or {}).get("id"),
    )


def audit_failure(attempt: Attempt, exc: ActionError) -> None:
    """Record a failed attempt in its own transaction (the action's own one rolled back)."""
    try:
        with transaction.atomic():
            record(**attempt.audit_fields(status=exc.audit_status, error=exc.to_dict()["error"]))
    except Exception:  # never hide the caller's error behind an audit failure; log it loudly
        logger.exception("Could not audit a failed call of %s.%s", attempt.app, attempt.name)
