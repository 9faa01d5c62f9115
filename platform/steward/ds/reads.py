"""The read side: a stream's current state and pages of its bytes from a position.

Reads renew a sliding TTL (the conformance suite's "extend TTL on read"); a stream found
expired is purged on the spot, so it reads as absent everywhere at once.
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import datetime

from django.utils import timezone

from steward.ds import lifecycle
from steward.ds.exceptions import Gone
from steward.ds.models import DsStream

# A catch-up response carries whole chunks up to about this many bytes (at least one).
PAGE_BYTES = 1024 * 1024
PAGE_ROWS = 1000


@dataclass(frozen=True)
class State:
    """A stream as one read saw it."""

    id: int
    path: str
    content_type: str
    tail: int
    closed: bool
    ttl_seconds: int | None
    expires_at_text: str
    expiry: datetime | None

    @classmethod
    def of(cls, stream: DsStream) -> State:
        return cls(
            stream.pk,
            stream.path,
            stream.content_type,
            stream.tail,
            stream.closed,
            stream.ttl_seconds,
            stream.expires_at_text,
            stream.expiry(),
        )


@dataclass(frozen=True)
class Page:
    state: State
    data: bytes
    end: int  # the position after the returned bytes

    @property
    def up_to_date(self) -> bool:
        return self.end >= self.state.tail


def load(path: str, *, touch: bool = True) -> State | None:
    """The stream at ``path`` (None if absent or expired); ``touch`` renews a sliding TTL.

    Raises Gone for a stream deleted (or expired) while forks of it live on."""
    stream = DsStream.objects.filter(path=path).first()
    if stream is None:
        return None
    if stream.is_expired() and not stream.deleted:
        lifecycle.expire(path)
        stream = DsStream.objects.filter(path=path).first()
        if stream is None:
            return None
    if stream.deleted:
        raise Gone(f"The stream at {path} was deleted; forks of it still read its data.")
    if touch and stream.ttl_seconds is not None:
        stream.last_access = timezone.now()
        DsStream.objects.filter(pk=stream.pk).update(last_access=stream.last_access)
    return State.of(stream)


# The stream's row and its chunks after a position in one round trip (a read is usually
# one query, not two: under load each costs milliseconds).
_PAGE = """
SELECT s.*, c."end" AS chunk_end, c.data AS chunk_data
FROM ds_dsstream s
LEFT JOIN ds_dschunk c ON c.stream_id = s.id AND c."end" > %s AND c."end" <= s.tail
WHERE s.path = %s
ORDER BY c."end"
LIMIT %s
"""


def read_page(path: str, after: int, *, limit: int = PAGE_BYTES) -> Page | None:
    """Bytes after position ``after`` (whole chunks, about ``limit`` at most)."""
    rows = list(DsStream.objects.raw(_PAGE, [after, path, PAGE_ROWS]))
    if not rows:
        return None
    if rows[0].deleted or rows[0].is_expired():
        load(path)  # purges it, or raises Gone
        return None
    stream = rows[0]
    if stream.ttl_seconds is not None:
        stream.last_access = timezone.now()
        DsStream.objects.filter(pk=stream.pk).update(last_access=stream.last_access)
    parts, end, size = [], after, 0
    for row in rows:
        row_end: int | None = getattr(row, "chunk_end", None)  # columns of the raw query
        if row_end is None:
            break
        piece = bytes(getattr(row, "chunk_data", b""))
        start = row_end - len(piece)
        if start < after:  # an offset inside a chunk (bytes only): keep the rest
            piece = piece[after - start :]
        parts.append(piece)
        size, end = size + len(piece), row_end
        if size >= limit:
            break
    state = State.of(stream)
    return Page(state, b"".join(parts), end if parts else state.tail)
