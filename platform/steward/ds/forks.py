"""Forks: a new stream that starts with a source stream's data up to an offset.

A fork is materialised by copying the source's chunks up to the fork offset, so reading
a fork is the same one range query as reading any stream, and the source may change or
go away without the fork noticing. Positions carry over, so offsets of the inherited
data are the source's. ``Stream-Fork-Sub-Offset`` takes the first N bytes (JSON: N
messages) of the source's next append as well.
"""

from __future__ import annotations

from dataclasses import dataclass

from steward.ds import formats
from steward.ds.exceptions import BadRequest, Conflict, NotFound
from steward.ds.models import DsChunk, DsStream

COPY_BATCH = 500


@dataclass(frozen=True)
class ForkSpec:
    """What ``Stream-Forked-From`` / ``-Fork-Offset`` / ``-Fork-Sub-Offset`` ask for."""

    source: str
    offset: int | None = None
    sub_offset: int = 0

    def matches(self, stream: DsStream) -> bool:
        if stream.forked_from is None or stream.forked_from.path != self.source:
            return False
        if self.offset is not None and self.offset != stream.fork_offset:
            return False
        return self.sub_offset == stream.fork_sub_offset


def source(spec: ForkSpec, content_type: str | None) -> DsStream:
    """The source stream, locked; raises if it is absent, deleted or of another type."""
    found = DsStream.objects.select_for_update().filter(path=spec.source).first()
    if found is None or (found.is_expired() and not found.forks.exists()):
        raise NotFound(f"No stream at {spec.source} to fork from.")
    if found.is_gone():
        raise Conflict(f"The stream at {spec.source} was deleted; it cannot be forked.")
    if content_type and formats.media_type(content_type) != formats.media_type(found.content_type):
        raise Conflict(
            f"A fork has its source's content type {found.content_type}; omit Content-Type "
            "or send that one."
        )
    return found


def materialise(fork: DsStream, origin: DsStream, spec: ForkSpec) -> None:
    """Give the (saved, empty) ``fork`` the source's data up to the fork point."""
    at = origin.tail if spec.offset is None else spec.offset
    if at > origin.tail:
        raise BadRequest(
            f"Stream-Fork-Offset is beyond the end of {origin.path} "
            f"(its Stream-Next-Offset is the furthest point)."
        )
    rows = DsChunk.objects.filter(stream=origin, end__lte=at).order_by("end")
    copied = 0
    while True:
        batch = list(rows.filter(end__gt=copied).values_list("end", "data")[:COPY_BATCH])
        if not batch:
            break
        DsChunk.objects.bulk_create(DsChunk(stream=fork, end=e, data=d) for e, d in batch)
        copied = batch[-1][0]
    fork.tail, fork.fork_offset = at, at
    if spec.sub_offset:
        prefix = _prefix(origin, at, spec.sub_offset)
        fork.tail += len(prefix)
        DsChunk.objects.create(stream=fork, end=fork.tail, data=prefix)
        fork.fork_sub_offset = spec.sub_offset


def _prefix(origin: DsStream, at: int, count: int) -> bytes:
    """The first ``count`` bytes (JSON: messages) of the source's data after ``at``."""
    row = DsChunk.objects.filter(stream=origin, end__gt=at).order_by("end").first()
    if row is None:
        raise BadRequest(f"Stream-Fork-Sub-Offset {count}: {origin.path} has no data there.")
    data = bytes(row.data)
    start = row.end - len(data)
    if start < at:
        data = data[at - start :]
    if formats.is_json(origin.content_type):
        messages = formats.messages(data)
        if count > len(messages):
            raise BadRequest(
                f"Stream-Fork-Sub-Offset {count} overshoots: that append has "
                f"{len(messages)} messages."
            )
        return b"".join(m + b"," for m in messages[:count])
    if count > len(data):
        raise BadRequest(
            f"Stream-Fork-Sub-Offset {count} overshoots: that append has {len(data)} bytes."
        )
    return data[:count]


def inherit_expiry(fork: DsStream, origin: DsStream) -> None:
    """A fork without its own TTL or expiry takes its source's."""
    if fork.ttl_seconds is None and fork.expires_at is None:
        fork.ttl_seconds = origin.ttl_seconds
        fork.expires_at, fork.expires_at_text = origin.expires_at, origin.expires_at_text
