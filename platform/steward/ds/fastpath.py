"""The common append in one statement on PostgreSQL: no producer, no close.

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
from steward.ds.services import CHUNK_BYTES, Written

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
