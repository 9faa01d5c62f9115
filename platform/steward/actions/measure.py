"""The one place an action call is counted and timed (called by services.invoke)."""

from __future__ import annotations

import time

from steward.actions.exceptions import ActionError, UnknownAction
from steward.actions.outcome import Attempt, Outcome
from steward.actions.registry import actions
from steward.metrics.definitions import action_calls, action_duration

UNKNOWN = "<unknown>"


def call(attempt: Attempt, result: Outcome | ActionError) -> None:
    """Count the call by its outcome (``ok``, ``pending``, … or the audited failure status)."""
    app, name = attempt.app, attempt.name
    if isinstance(result, UnknownAction) or not _registered(app, name):
        # Names a caller made up (even unauthenticated) would grow the label set without bound.
        app, name = UNKNOWN, UNKNOWN
    status = result.status if isinstance(result, Outcome) else result.audit_status
    action_calls.labels(app, name, status).inc()
    action_duration.labels(app, name).observe(time.perf_counter() - attempt.started)


def _registered(app: str, name: str) -> bool:
    try:
        actions.get(app, name)
    except UnknownAction:
        return False
    return True
