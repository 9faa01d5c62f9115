"""Kept as our own code: no audit library keeps a keyed chain that the append SQL recomputes.

The hash chain: each entry's hash covers its contents and the previous entry's hash.

Since migration 0004 the links are keyed: an entry's hash is an HMAC-SHA256 under a key
that lives outside the database (``STEWARD_AUDIT_KEYS``, see keys.py), so whoever can write
the database can neither rewrite an entry and re-hash the rest nor forge new links. Entries
written before (``key_id`` empty) keep their plain sha256 links and still verify. Each entry
gets its own HMAC key, derived from the signing key and the entry's content digest, so the
signing key itself never travels to the database (the PostgreSQL append computes the HMAC
in SQL, see services.py).
"""

from __future__ import annotations

import hashlib
import hmac
import json
from collections.abc import Iterator
from typing import Any

from steward.audit.exceptions import ChainBroken, UnknownKey
from steward.audit.keys import verifying_key
from steward.audit.models import AuditEntry

GENESIS = "0" * 64
CONTENT_FIELDS = (
    "actor_label", "user_id", "token_id", "approver_id", "approval_id", "app", "action",
    "args", "result", "error", "status", "duration_ms", "idempotency_key", "session_id",
    "run_id", "request_id", "client_addr", "user_agent",
)  # fmt: skip


def content_digest(entry: Any) -> str:
    """sha256 of what the entry says (every field but its place in the chain)."""
    payload: dict[str, Any] = {name: getattr(entry, name) for name in CONTENT_FIELDS}
    payload["created"] = entry.created.isoformat()
    payload["duration_ms"] = float(entry.duration_ms)  # 0 and 0.0 must hash alike
    changes = getattr(entry, "changes", None)
    if changes is not None:  # entries from before record changes hash as they always did
        payload["changes"] = changes
    canonical = json.dumps(payload, sort_keys=True, separators=(",", ":"), default=str)
    return hashlib.sha256(canonical.encode()).hexdigest()


def link_hash(prev_hash: str, seq: int, digest: str) -> str:
    """A plain (pre-0004, unkeyed) entry's hash: sha256 of prev hash, seq and digest."""
    return hashlib.sha256(link_message(prev_hash, seq, digest)).hexdigest()


def link_message(prev_hash: str, seq: int, digest: str) -> bytes:
    """What a link covers; PostgreSQL builds the same bytes in the append (services.py)."""
    return f"{prev_hash}:{seq}:{digest}".encode()


def entry_key(secret: bytes, digest: str) -> bytes:
    """The HMAC key of one entry: HMAC-SHA256(signing key, its content digest)."""
    return hmac.new(secret, f"steward-audit-entry:{digest}".encode(), hashlib.sha256).digest()


def keyed_link_hash(key: bytes, prev_hash: str, seq: int, digest: str) -> str:
    """A keyed entry's hash: HMAC-SHA256(entry key, prev hash:seq:digest)."""
    return hmac.new(key, link_message(prev_hash, seq, digest), hashlib.sha256).hexdigest()


def entry_hash(entry: Any) -> str:
    """What ``entry.hash`` must be. Raises UnknownKey when its key is not configured."""
    digest = content_digest(entry)
    if not entry.key_id:
        return link_hash(entry.prev_hash, entry.seq, digest)
    secret = verifying_key(entry.key_id)
    if secret is None:
        raise UnknownKey(
            f"Audit entry id={entry.pk} (seq {entry.seq}) is signed with key id "
            f"{entry.key_id!r}, which STEWARD_AUDIT_KEYS does not hold. Keep retired keys "
            f"after the signing one: STEWARD_AUDIT_KEYS=<new id>:<new>,{entry.key_id}:<old>."
        )
    return keyed_link_hash(entry_key(secret, digest), entry.prev_hash, entry.seq, digest)


def parse_head(text: str) -> tuple[int, str]:
    """``"<seq>:<hash>"`` as printed by ``verify_audit --export-head``; raises ValueError."""
    seq, colon, digest = text.strip().partition(":")
    if not colon or not seq.isdigit() or len(digest) != 64:
        raise ValueError(f"{text!r} is not <seq>:<64 hex digits>, as --export-head prints it.")
    return int(seq), digest.lower()


def verify(
    entries: Iterator[AuditEntry] | None = None, *, head: tuple[int, str] | None = None
) -> int:
    """Recompute the chain in order; returns the count, raises ChainBroken at the first break.

    ``head``: a ``(seq, hash)`` exported earlier (``verify_audit --export-head``), kept
    outside the database; the log must still hold that very entry, so a tail that was cut
    off (and the ChainHead row rewound to match) is caught too.
    """
    if entries is None:
        entries = AuditEntry.objects.order_by("seq").iterator(chunk_size=2000)
    previous, expected_seq, count, signed = GENESIS, 1, 0, False
    at_head: str | None = None
    for entry in entries:
        where = (
            f"entry id={entry.pk} (seq {entry.seq}, {entry.app}.{entry.action}, {entry.created})"
        )

        def broken(why: str, entry: AuditEntry = entry, where: str = where) -> ChainBroken:
            return ChainBroken(
                f"Audit chain broken at {where}: {why}", entry_id=entry.pk, seq=entry.seq
            )

        if entry.seq != expected_seq:
            raise broken(f"expected seq {expected_seq}; entries are missing.")
        if entry.prev_hash != previous:
            raise broken("prev_hash does not match the entry before it.")
        if signed and not entry.key_id:
            raise broken("it is unsigned, but entries before it are signed (key id removed).")
        if entry_hash(entry) != entry.hash:
            raise broken("its contents do not match its hash.")
        if head is not None and entry.seq == head[0]:
            at_head = entry.hash
        previous, expected_seq, count = entry.hash, expected_seq + 1, count + 1
        signed = signed or bool(entry.key_id)
    if count and not signed:
        # Migration 0004 appends a signed entry to any log it finds, and every entry since
        # is signed: a log with no signed entry at all had its signed ones stripped.
        raise ChainBroken(
            f"Audit chain broken at its end: none of its {count} entries is signed with a key "
            "from STEWARD_AUDIT_KEYS; the log was re-hashed without the key.",
            entry_id=0,
            seq=count,
        )
    _check_head(count, previous)
    if head is not None:
        _check_exported_head(head, count, at_head)
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


def _check_exported_head(head: tuple[int, str], count: int, found: str | None) -> None:
    seq, expected = head
    if found is None:
        raise ChainBroken(
            f"Audit chain broken at its end: a head exported earlier was at seq {seq}, but "
            f"the log now ends at seq {count}; entries after seq {count} were removed.",
            entry_id=0,
            seq=count + 1,
        )
    if found != expected:
        raise ChainBroken(
            f"Audit chain broken at seq {seq}: its hash is {found}, but the head exported "
            f"earlier recorded {expected}; the log up to there was rewritten.",
            entry_id=0,
            seq=seq,
        )
