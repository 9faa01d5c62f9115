"""Kept as our own code: no audit library keeps a hash chain that the append SQL recomputes.

The hash chain: each entry's hash covers its contents and the previous entry's hash."""

from __future__ import annotations

import hashlib
import json
from collections.abc import Iterator
from typing import Any

from steward.audit.exceptions import ChainBroken
from steward.audit.models import AuditEntry

GENESIS = "0" * 64
CONTENT_FIELDS = (
    "actor_label", "user_id", "token_id", "approver_id", "approval_id", "app", "action",
    "args", "result", "error", "status", "duration_ms", "idempotency_key", "session_id",
    "run_id", "request_id", "client_addr", "user_agent",
)  # fmt: skip


def content_digest(entry: AuditEntry) -> str:
    """sha256 of what the entry says (every field but its place in the chain)."""
    payload: dict[str, Any] = {name: getattr(entry, name) for name in CONTENT_FIELDS}
    payload["created"] = entry.created.isoformat()
    payload["duration_ms"] = float(entry.duration_ms)  # 0 and 0.0 must hash alike
    canonical = json.dumps(payload, sort_keys=True, separators=(",", ":"), default=str)
    return hashlib.sha256(canonical.encode()).hexdigest()


def link_hash(prev_hash: str, seq: int, digest: str) -> str:
    """An entry's hash: its predecessor's hash, its seq and its content digest.

    Kept this simple so PostgreSQL computes the very same value in the append statement
    (``sha256(prev || ':' || seq || ':' || digest)``), see services.record.
    """
    return hashlib.sha256(f"{prev_hash}:{seq}:{digest}".encode()).hexdigest()


def entry_hash(entry: AuditEntry) -> str:
    return link_hash(entry.prev_hash, entry.seq, content_digest(entry))


def verify(entries: Iterator[AuditEntry] | None = None) -> int:
    """Recompute the chain in order; returns the count, raises ChainBroken at the first break."""
    if entries is None:
        entries = AuditEntry.objects.order_by("seq").iterator(chunk_size=2000)
    previous, expected_seq, count = GENESIS, 1, 0
    for entry in entries:
        where = (
            f"entry id={entry.pk} (seq {entry.seq}, {entry.app}.{entry.action}, {entry.created})"
        )
        if entry.seq != expected_seq:
            raise ChainBroken(
                f"Audit chain broken at {where}: expected seq {expected_seq}; entries are missing.",
                entry_id=entry.pk,
                seq=entry.seq,
            )
        if entry.prev_hash != previous:
            raise ChainBroken(
                f"Audit chain broken at {where}: prev_hash does not match the entry before it.",
                entry_id=entry.pk,
                seq=entry.seq,
            )
        if entry_hash(entry) != entry.hash:
            raise ChainBroken(
                f"Audit chain broken at {where}: its contents do not match its hash.",
                entry_id=entry.pk,
                seq=entry.seq,
            )
        previous, expected_seq, count = entry.hash, expected_seq + 1, count + 1
    _check_head(count, previous)
    return count


def _check_head(count: int, last_hash: str) -> None:
    """The chain head remembers the last link: removing entries from the end shows here."""
    from steward.audit.models import ChainHead

    head = ChainHead.objects.filter(pk=1).first()
    if head is not None and (head.seq != count or (head.hash or GENESIS) != last_hash):
        raise ChainBroken(
            f"Audit chain broken at its end: the chain head records seq {head.seq}, but the "
            f"log ends at seq {count}; entries after seq {count} are missing or changed.",
            entry_id=0,
            seq=count + 1,
        )
