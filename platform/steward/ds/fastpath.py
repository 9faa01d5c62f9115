"""The common append (and create) in one statement on PostgreSQL.

The general path (services.append) takes five round trips (BEGIN, lock, insert, update,
COMMIT); under load each costs milliseconds and appends queued behind them. This one
statement locks, checks and advances the stream row and stores the chunk, committing on
its own. Whenever it cannot apply (absent, closed, expired or deleted stream, another
content type, a body needing several chunks) it returns None and the caller takes the
general path, which says exactly what is wrong.
"""

from __future__ import annotations

from typing import Any

from django.db import connection
from django.utils import timezone

from steward.ds import formats, notify
from steward.ds.services import CHUNK_BYTES, Config, Written

_APPEND = """
WITH s AS (
    UPDATE ds_dsstream SET tail = tail + %(size)s, last_access = %(now)s,
        writer_seq = coalesce(%(seq)s, writer_seq)
    WHERE path = %(path)s AND NOT closed AND NOT deleted
      -- Stream-Seq compares byte-wise (COLLATE "C"), as the protocol asks
      AND (%(seq)s IS NULL OR writer_seq = '' OR writer_seq COLLATE "C" < %(seq)s)
      AND (expires_at IS NULL OR expires_at > %(now)s)
      AND (ttl_seconds IS NULL OR last_access + ttl_seconds * interval '1 second' > %(now)s)
      AND lower(trim(split_part(content_type, ';', 1))) = %(media)s
    RETURNING id, tail
)
INSERT INTO ds_dschunk (stream_id, "end", data) SELECT id, tail, %(data)s FROM s
RETURNING "end"
"""


def try_append(
    *, path: str, content_type: str, body: bytes, stream_seq: str | None = None
) -> Written | None:
    if connection.vendor != "postgresql" or connection.in_atomic_block:
        return None
    media = formats.media_type(content_type)
    data = formats.stored_bytes(content_type, body)  # JSON is validated before anything
    if not data or (len(data) > CHUNK_BYTES and not formats.is_json(content_type)):
        return None
    params: dict[str, Any] = {
        "size": len(data),
        "now": timezone.now(),
        "path": path,
        "media": media,
        "seq": stream_seq,
    }
    with connection.cursor() as cursor:
        cursor.execute(_APPEND, {**params, "data": data})
        row = cursor.fetchone()
    if row is None:
        return None
    notify.publish(path)
    return Written(204, row[0], False)


_CREATE = """
INSERT INTO ds_dsstream (path, content_type, ttl_seconds, expires_at, expires_at_text,
    last_access, tail, closed, closed_by, writer_seq, fork_sub_offset, deleted, created)
VALUES (%(path)s, %(content_type)s, %(ttl)s, %(expires_at)s, %(expires_text)s,
    %(now)s, 0, %(closed)s, '', '', 0, false, %(now)s)
ON CONFLICT (path) DO NOTHING
RETURNING id
"""


def try_create(*, path: str, config: Config) -> bool:
    """Create an empty, unforked stream in one statement; False when the path is taken
    (the general path then compares configurations, or replaces an expired stream)."""
    if connection.vendor != "postgresql" or connection.in_atomic_block or config.fork:
        return False
    params = {
        "path": path,
        "content_type": config.content_type or formats.OCTET_STREAM,
        "ttl": config.ttl_seconds,
        "expires_at": config.expires_at,
        "expires_text": config.expires_at_text,
        "closed": config.closed,
        "now": timezone.now(),
    }
    with connection.cursor() as cursor:
        cursor.execute(_CREATE, params)
        return cursor.fetchone() is not None
