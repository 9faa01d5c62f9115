"""Append to the audit log. Call inside the transaction of the change being audited."""

from __future__ import annotations

import json
import re
from typing import Any

from django.core.serializers.json import DjangoJSONEncoder
from django.db import connection, transaction
from django.utils import timezone

from steward.audit.chain import GENESIS, content_digest, entry_key, keyed_link_hash
from steward.audit.keys import signing_key
from steward.audit.models import AuditEntry, ChainHead, RecordChange

_CHAIN_FIELDS = ("id", "seq", "prev_hash", "hash")


def record(**fields: Any) -> AuditEntry:
    """Append one AuditEntry (the fields of the model but seq, created, prev_hash and hash).

    Appends are serialized on the one ChainHead row, whose lock is held until the caller's
    transaction commits, so the chain follows commit order under any number of writers.
    """
    for name, value in fields.items():
        if name in ("args", "result", "error", "changes") and value is not None:
            # Stored as the database will give it back, so the hash verifies after a round trip.
            fields[name] = _scrub(json.loads(json.dumps(value, cls=DjangoJSONEncoder)))
        elif isinstance(value, str):  # a tool name or header can carry unstorable text too
            fields[name] = _scrub(value)
    entry = AuditEntry(seq=0, created=timezone.now(), prev_hash="", hash="", **fields)
    # Normalised as the database stores it (IPv6 gets compressed), so the hash verifies.
    entry.client_addr = AuditEntry._meta.get_field("client_addr").get_prep_value(
        entry.client_addr or None
    )
    digest = content_digest(entry)
    entry.key_id, secret = signing_key()
    key = entry_key(secret, digest)
    with transaction.atomic(savepoint=False):  # joins the caller's transaction when there is one
        if connection.vendor == "postgresql":
            _append_in_one_statement(entry, digest, key)
        else:
            _append(entry, digest, key)
        if entry.changes:
            RecordChange.objects.bulk_create(
                RecordChange(entry=entry, model=c["model"], record_pk=str(c["pk"])[:64], op=c["op"])
                for c in entry.changes
            )
    return entry


def _append(entry: AuditEntry, digest: str, key: bytes) -> None:
    head = ChainHead.objects.select_for_update().filter(pk=1).first()
    if head is None:
        ChainHead.objects.get_or_create(pk=1)
        head = ChainHead.objects.select_for_update().get(pk=1)
    entry.seq, entry.prev_hash = head.seq + 1, head.hash or GENESIS
    entry.hash = keyed_link_hash(key, entry.prev_hash, entry.seq, digest)
    entry.save(force_insert=True)
    ChainHead.objects.filter(pk=1).update(seq=entry.seq, hash=entry.hash, prev_hash=entry.prev_hash)


def _append_in_one_statement(entry: AuditEntry, digest: str, key: bytes) -> None:
    """Lock and advance the head, link and insert the entry: one round trip, not three.

    The head's UPDATE takes the row lock; its SET expressions read the old row, so the new
    hash is HMAC-SHA256(key, old hash || ':' || new seq || ':' || digest), exactly
    chain.keyed_link_hash, written out with the built-in sha256 (RFC 2104: the key padded
    to the block and XORed with ipad / opad), so no extension is needed. Only the entry's
    own derived key is sent, never the signing key: statements can end up in server logs.
    """
    fields = [f for f in AuditEntry._meta.concrete_fields if f.attname not in _CHAIN_FIELDS]
    columns = ", ".join(connection.ops.quote_name(f.column) for f in fields)
    values = [f.get_db_prep_save(getattr(entry, f.attname), connection) for f in fields]
    block = key.ljust(64, b"\0")
    inner, outer = bytes(b ^ 0x36 for b in block), bytes(b ^ 0x5C for b in block)
    sql = f"""
        WITH head AS (
            UPDATE {ChainHead._meta.db_table}
               SET seq = seq + 1,
                   prev_hash = COALESCE(NULLIF(hash, ''), %s),
                   hash = encode(sha256(%s::bytea || sha256(%s::bytea || convert_to(
                       COALESCE(NULLIF(hash, ''), %s) || ':' || (seq + 1)::text || ':' || %s,
                       'UTF8'))), 'hex')
             WHERE id = 1
         RETURNING seq, prev_hash, hash
        )
        INSERT INTO {AuditEntry._meta.db_table} (seq, prev_hash, hash, {columns})
        SELECT head.seq, head.prev_hash, head.hash, {", ".join(["%s"] * len(values))} FROM head
        RETURNING id, seq, prev_hash, hash
    """  # identifiers come from the model; every value is a parameter
    params = [GENESIS, outer, inner, GENESIS, digest, *values]
    with connection.cursor() as cursor:
        cursor.execute(sql, params)
        row = cursor.fetchone()
        if row is None:  # no head row yet (a fresh or flushed database): create it, go again
            ChainHead.objects.get_or_create(pk=1)
            cursor.execute(sql, params)
            row = cursor.fetchone()
    entry.pk, entry.seq, entry.prev_hash, entry.hash = row
    entry._state.adding, entry._state.db = False, connection.alias


def _scrub(value: Any) -> Any:
    """Text the database cannot store, made storable, so that a refused call is audited too.

    PostgreSQL's jsonb refuses NUL (replaced by U+FFFD), and no UTF-8 column can hold a lone
    UTF-16 surrogate such as "\\ud800" (stored as those six characters, backslash first).
    """
    if isinstance(value, str):
        return escape_surrogates(value.replace("\x00", "\ufffd"))
    if isinstance(value, list):
        return [_scrub(v) for v in value]
    if isinstance(value, dict):
        return {_scrub(k): _scrub(v) for k, v in value.items()}
    return value


_SURROGATE = re.compile("[\ud800-\udfff]")


def holds_surrogates(value: Any) -> bool:
    """Whether a lone surrogate hides anywhere in ``value`` (strings, list items, keys)."""
    if isinstance(value, str):
        return _SURROGATE.search(value) is not None
    if isinstance(value, list):
        return any(holds_surrogates(v) for v in value)
    if isinstance(value, dict):
        return any(holds_surrogates(k) or holds_surrogates(v) for k, v in value.items())
    return False


def escape_surrogates(text: str) -> str:
    """``text`` with each lone surrogate written as its JSON escape (``\\ud800``)."""
    return _SURROGATE.sub(lambda m: f"\\u{ord(m.group()):04x}", text)
