"""Idempotency keys with Stripe's semantics, scoped to the caller and the action.

Same key, same arguments: the stored status and body are replayed. Same key, other
arguments: IdempotencyConflict (422). The claim is an INSERT inside the action's transaction,
so a concurrent duplicate blocks on the unique index until the first commits, then replays:
the action runs exactly once, and a crash leaves no stuck key (the claim rolls back with it).
"""

from __future__ import annotations

import hashlib
import json
from datetime import timedelta
from typing import Any

from django.conf import settings
from django.db import IntegrityError, transaction
from django.utils import timezone

from steward.actions.exceptions import IdempotencyConflict
from steward.actions.models import IdempotencyRecord


class AlreadyClaimed(Exception):
    """Another call holds this key (it committed while we waited): replay it instead."""


def args_hash(args: Any) -> str:
    canonical = json.dumps(args, sort_keys=True, separators=(",", ":"), default=str)
    return hashlib.sha256(canonical.encode()).hexdigest()


def lookup(*, scope: str, app: str, action: str, key: str, digest: str) -> IdempotencyRecord | None:
    """The live stored record for this key, or None; raises IdempotencyConflict on other args."""
    record = IdempotencyRecord.objects.filter(
        scope=scope, app=app, action=action, key=key, expires__gt=timezone.now()
    ).first()
    if record is not None and record.args_hash != digest:
        raise IdempotencyConflict()
    return record


def claim(*, scope: str, app: str, action: str, key: str, digest: str) -> IdempotencyRecord:
    """Insert the key (call inside the action's transaction); raises AlreadyClaimed."""
    now = timezone.now()
    IdempotencyRecord.objects.filter(
        scope=scope, app=app, action=action, key=key, expires__lte=now
    ).delete()
    ttl = timedelta(hours=settings.STEWARD_IDEMPOTENCY_TTL_HOURS)
    try:
        with transaction.atomic():
            return IdempotencyRecord.objects.create(
                scope=scope, app=app, action=action, key=key, args_hash=digest, expires=now + ttl
            )
    except IntegrityError:
        raise AlreadyClaimed() from None


def complete(record: IdempotencyRecord, *, http_status: int, body: dict[str, Any]) -> None:
    IdempotencyRecord.objects.filter(pk=record.pk).update(http_status=http_status, body=body)


def purge_expired() -> int:
    """Delete expired keys; returns how many."""
    deleted, _ = IdempotencyRecord.objects.filter(expires__lte=timezone.now()).delete()
    return deleted
