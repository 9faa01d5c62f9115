"""Append to the audit log. Call inside the transaction of the change being audited."""

from __future__ import annotations

import json
from typing import Any

from django.core.serializers.json import DjangoJSONEncoder
from django.db import transaction
from django.utils import timezone

from steward.audit.chain import GENESIS, entry_hash
from steward.audit.models import AuditEntry, ChainHead


def record(**fields: Any) -> AuditEntry:
    """Append one AuditEntry (the fields of the model but seq, created, prev_hash and hash).

    The chain head row is locked (SELECT … FOR UPDATE) so concurrent writers append one after
    the other; the lock is held until the caller's transaction commits, which keeps the chain
    in commit order.
    """
    for name in ("args", "result", "error"):
        if fields.get(name) is not None:
            # Stored as the database will give it back, so the hash verifies after a round trip.
            fields[name] = _scrub(json.loads(json.dumps(fields[name], cls=DjangoJSONEncoder)))
    with transaction.atomic(savepoint=False):  # joins the caller's transaction when there is one
        head = ChainHead.objects.select_for_update().filter(pk=1).first()
        if head is None:
            head, _ = ChainHead.objects.get_or_create(pk=1)
            head = ChainHead.objects.select_for_update().get(pk=1)
        entry = AuditEntry(
            seq=head.seq + 1,
            created=timezone.now(),
            prev_hash=head.hash or GENESIS,
            **fields,
        )
        # Normalised as the database stores it (IPv6 gets compressed), so the hash verifies.
        entry.client_addr = AuditEntry._meta.get_field("client_addr").get_prep_value(
            entry.client_addr or None
        )
        entry.hash = entry_hash(entry)
        entry.save(force_insert=True)
        ChainHead.objects.filter(pk=1).update(seq=entry.seq, hash=entry.hash)
    return entry


def _scrub(value: Any) -> Any:
    """NUL characters replaced: PostgreSQL's jsonb refuses them, and a refused call is audited."""
    if isinstance(value, str):
        return value.replace("\x00", "\ufffd")
    if isinstance(value, list):
        return [_scrub(v) for v in value]
    if isinstance(value, dict):
        return {_scrub(k): _scrub(v) for k, v in value.items()}
    return value
