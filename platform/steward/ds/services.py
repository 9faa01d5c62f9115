"""State changes of generic streams: create, append (and close), delete, purge.

Each is one transaction that locks the stream's row, so writers to one stream are
serialised and positions never overlap. Wake-ups for live readers go out on commit.
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import datetime

from django.db import IntegrityError, transaction
from django.utils import timezone

from steward.ds import forks, formats, lifecycle, notify, producers
from steward.ds.exceptions import BadRequest, Conflict
from steward.ds.forks import ForkSpec
from steward.ds.models import DsChunk, DsStream
from steward.ds.offsets import encode
from steward.ds.producers import Claim

# Large appends are stored in pieces of this size, so a catch-up page stays bounded.
CHUNK_BYTES = 64 * 1024


@dataclass(frozen=True)
class Config:
    """What PUT asks for; a second PUT with the same configuration is idempotent."""

    content_type: str | None  # None: application/octet-stream, or a fork's source's
    ttl_seconds: int | None = None
    expires_at: datetime | None = None
    expires_at_text: str = ""
    closed: bool = False
    fork: ForkSpec | None = None

    def matches(self, stream: DsStream) -> bool:
        wanted = self.content_type or (stream.content_type if self.fork else formats.OCTET_STREAM)
        if self.fork is None and stream.forked_from_id is not None:
            return False
        if self.fork is not None and not self.fork.matches(stream):
            return False
        # A fork's inherited TTL or expiry is not a mismatch with a PUT that omits it.
        explicit = self.fork is None or self.ttl_seconds is not None or self.expires_at_text
        expiry = (self.ttl_seconds, self.expires_at_text)
        if explicit and expiry != (stream.ttl_seconds, stream.expires_at_text):
            return False
        return (
            formats.media_type(wanted) == formats.media_type(stream.content_type)
            and self.closed == stream.closed
        )


@dataclass(frozen=True)
class Written:
    """The outcome of an append: ``status`` 200/204, or 204 for a producer's duplicate."""

    status: int
    tail: int
    closed: bool
    claim: Claim | None = None
    producer_seq: int | None = None

    @property
    def next_offset(self) -> str:
        return encode(self.tail)


def create_stream(*, path: str, config: Config, body: bytes) -> tuple[DsStream, bool]:
    """The stream at ``path``, created unless an identical one exists (then created=False)."""
    for attempt in range(2):
        try:
            return _create(path, config, body)
        except IntegrityError:  # a concurrent PUT created it first: compare with that one
            if attempt:
                raise
    raise AssertionError("unreachable")


@transaction.atomic
def _create(path: str, config: Config, body: bytes) -> tuple[DsStream, bool]:
    existing = DsStream.objects.select_for_update().filter(path=path).first()
    if existing is not None and existing.is_gone():
        raise Conflict(
            f"The stream at {path} was deleted but forks of it live on; its path is taken "
            "until they are deleted."
        )
    if existing is not None and existing.is_expired():
        lifecycle.remove(existing)
        existing = None
    if existing is not None:
        if not config.matches(existing):
            raise Conflict(
                f"A stream already exists at {path} with another configuration (content type "
                f"{existing.content_type}, TTL, expiry, closure or fork); DELETE it first or "
                "PUT the same configuration."
            )
        return existing, False
    origin = forks.source(config.fork, config.content_type) if config.fork else None
    stream = DsStream(
        path=path,
        content_type=config.content_type
        or (origin.content_type if origin else formats.OCTET_STREAM),
        ttl_seconds=config.ttl_seconds,
        expires_at=config.expires_at,
        expires_at_text=config.expires_at_text,
        forked_from=origin,
    )
    if origin is not None:
        forks.inherit_expiry(stream, origin)
    stream.closed = config.closed
    # No savepoint: a concurrent PUT's row makes this INSERT fail, the transaction rolls
    # back, and create_stream tries again, finding that row.
    stream.save(force_insert=True)
    if origin is not None and config.fork is not None:
        forks.materialise(stream, origin, config.fork)
    data = formats.stored_bytes(stream.content_type, body, initial=True) if body else b""
    if data:
        _write(stream, data)
    if stream.tail or origin is not None:
        stream.save(update_fields=["tail", "fork_offset", "fork_sub_offset"])
    transaction.on_commit(lambda: notify.publish(path))
    return stream, True


@transaction.atomic
def append(
    *,
    path: str,
    content_type: str,
    body: bytes,
    stream_seq: str | None = None,
    claim: Claim | None = None,
    close: bool = False,
) -> Written:
    """Append ``body`` (may be empty when closing) to the stream at ``path``."""
    stream = lifecycle.locked(path)
    if stream.closed:
        if claim is not None and stream.closed_by == claim.key:
            return Written(204, stream.tail, True, claim, claim.seq)  # a retried close
        if not body and claim is None:
            return Written(204, stream.tail, True)  # closing is idempotent
        raise Conflict(
            f"The stream at {path} is closed; it takes no more data.",
            **{"Stream-Closed": "true", "Stream-Next-Offset": encode(stream.tail)},
        )
    if body and formats.media_type(content_type) != formats.media_type(stream.content_type):
        raise Conflict(
            f"This stream is {stream.content_type}; send Content-Type: {stream.content_type}."
        )
    state = None
    if claim is not None:
        state = producers.check(stream, claim)
        if state is None:
            return Written(
                204, stream.tail, stream.closed, claim, producers.last_seq(stream, claim)
            )
    if stream_seq is not None:
        if stream.writer_seq and stream_seq <= stream.writer_seq:
            raise Conflict(
                f"Stream-Seq {stream_seq!r} does not follow {stream.writer_seq!r}: "
                "sequence values must increase (compared byte-wise)."
            )
        stream.writer_seq = stream_seq
    if body:
        _write(stream, formats.stored_bytes(stream.content_type, body))
    if state is not None:
        state.save()
    if close:
        stream.closed = True
        stream.closed_by = claim.key if claim is not None else ""
    stream.last_access = timezone.now()
    stream.save(update_fields=["tail", "writer_seq", "closed", "closed_by", "last_access"])
    transaction.on_commit(lambda: notify.publish(path))
    # 200 tells a producer its data is new; a close without data has nothing to report.
    status = 200 if claim is not None and body else 204
    return Written(status, stream.tail, stream.closed, claim, claim.seq if claim else None)


def _write(stream: DsStream, data: bytes) -> None:
    if not data:
        raise BadRequest("Empty appends mean nothing; send at least one byte.")
    chunks = []
    # A JSON append stays whole: a read that stopped inside it would cut a message.
    size = len(data) if formats.is_json(stream.content_type) else CHUNK_BYTES
    for start in range(0, len(data), size):
        piece = data[start : start + size]
        stream.tail += len(piece)
        chunks.append(DsChunk(stream=stream, end=stream.tail, data=piece))
    DsChunk.objects.bulk_create(chunks)
