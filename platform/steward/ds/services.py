"""State changes of generic streams: create, append (and close), delete, purge.

Each is one transaction that locks the stream's row, so writers to one stream are
serialised and positions never overlap. Wake-ups for live readers go out on commit.
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import datetime

from django.db import IntegrityError, transaction
from django.utils import timezone

from steward.ds import formats, notify, producers
from steward.ds.exceptions import BadRequest, Conflict, NotFound
from steward.ds.models import DsChunk, DsStream
from steward.ds.offsets import encode
from steward.ds.producers import Claim

# Large appends are stored in pieces of this size, so a catch-up page stays bounded.
CHUNK_BYTES = 64 * 1024


@dataclass(frozen=True)
class Config:
    """What PUT asks for; a second PUT with the same configuration is idempotent."""

    content_type: str
    ttl_seconds: int | None = None
    expires_at: datetime | None = None
    expires_at_text: str = ""
    closed: bool = False

    def matches(self, stream: DsStream) -> bool:
        return (
            formats.media_type(self.content_type) == formats.media_type(stream.content_type)
            and self.ttl_seconds == stream.ttl_seconds
            and self.expires_at_text == stream.expires_at_text
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
    data = formats.stored_bytes(config.content_type, body, initial=True) if body else b""
    for attempt in range(2):
        try:
            return _create(path, config, data)
        except IntegrityError:  # a concurrent PUT created it first: compare with that one
            if attempt:
                raise
    raise AssertionError("unreachable")


@transaction.atomic
def _create(path: str, config: Config, data: bytes) -> tuple[DsStream, bool]:
    existing = DsStream.objects.select_for_update().filter(path=path).first()
    if existing is not None and existing.is_expired():
        existing.delete()
        existing = None
    if existing is not None:
        if not config.matches(existing):
            raise Conflict(
                f"A stream already exists at {path} with another configuration (content type "
                f"{existing.content_type}, TTL, expiry or closure); DELETE it first or PUT the "
                "same configuration."
            )
        return existing, False
    with transaction.atomic():  # a savepoint: a lost race raises here, not at commit
        stream = DsStream.objects.create(
            path=path,
            content_type=config.content_type,
            ttl_seconds=config.ttl_seconds,
            expires_at=config.expires_at,
            expires_at_text=config.expires_at_text,
            closed=config.closed,
        )
    if data:
        _write(stream, data)
        stream.save(update_fields=["tail"])
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
    stream = _locked(path)
    if stream.closed:
        if claim is not None and stream.closed_by == claim.key:
            return Written(204, stream.tail, True, claim, claim.seq)  # a retried close
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
            return Written(204, stream.tail, stream.closed, claim, producers.last_seq(stream, claim))
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
    status = 200 if claim is not None else 204
    return Written(status, stream.tail, stream.closed, claim, claim.seq if claim else None)


@transaction.atomic
def delete_stream(*, path: str) -> None:
    _locked(path).delete()
    transaction.on_commit(lambda: notify.publish(path))


def purge_expired() -> int:
    """Delete every expired stream (with its data); returns how many went."""
    now, gone = timezone.now(), 0
    candidates = DsStream.objects.filter(expires_at__isnull=False, expires_at__lte=now)
    timed = DsStream.objects.filter(ttl_seconds__isnull=False).only("last_access", "ttl_seconds")
    for stream in [*candidates, *(s for s in timed if s.is_expired())]:
        with transaction.atomic():
            locked = DsStream.objects.select_for_update().filter(pk=stream.pk).first()
            if locked is not None and locked.is_expired():
                locked.delete()
                gone += 1
    return gone


def _locked(path: str) -> DsStream:
    stream = DsStream.objects.select_for_update().filter(path=path).first()
    if stream is None or stream.is_expired():
        raise NotFound(f"No stream at {path}. Create it first with PUT.")
    return stream


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
