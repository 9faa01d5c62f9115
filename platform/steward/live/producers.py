"""Idempotent producers (Durable Streams ``Producer-Id`` / ``-Epoch`` / ``-Seq``).

Validation and append run in one transaction under the stream row's lock, so they are
serialised per stream (hence per producer) and a retry after a crash is never re-accepted.
"""

from __future__ import annotations

from dataclasses import dataclass

from django.db import transaction

from steward.live.exceptions import InvalidEvent, StaleProducer, UnknownStream
from steward.live.models import Producer, Stream
from steward.live.services import NewEvent, append_events

MAX_INT = 2**53 - 1


@dataclass(frozen=True)
class ProducerClaim:
    producer_id: str
    epoch: int
    seq: int


@dataclass(frozen=True)
class AppendResult:
    status: int  # 200 new data (or 204 without producer), 204 duplicate
    next_seq: int
    epoch: int | None = None
    producer_seq: int | None = None


class SequenceGap(Exception):
    def __init__(self, expected: int, received: int) -> None:
        self.expected, self.received = expected, received
        super().__init__(
            f"Producer-Seq {received} skips ahead: the next expected is {expected}. "
            "Resend the missing batches first."
        )


class WriterSeqRegression(Exception):
    pass


def parse_claim(pid: str | None, epoch: str | None, seq: str | None) -> ProducerClaim | None:
    """The producer headers, all three or none; raises InvalidEvent saying what is wrong."""
    given = [h is not None for h in (pid, epoch, seq)]
    if not any(given):
        return None
    if not all(given):
        raise InvalidEvent("Send Producer-Id, Producer-Epoch and Producer-Seq together, or none.")
    assert pid is not None and epoch is not None and seq is not None
    if not pid.strip():
        raise InvalidEvent("Producer-Id must not be empty.")
    numbers = []
    for name, raw in (("Producer-Epoch", epoch), ("Producer-Seq", seq)):
        if not raw.isdigit() or int(raw) > MAX_INT:
            raise InvalidEvent(f"{name} must be a whole number from 0 to 2^53-1, got {raw!r}.")
        numbers.append(int(raw))
    return ProducerClaim(pid.strip(), numbers[0], numbers[1])


def append_as_producer(
    key: str, events: list[NewEvent], claim: ProducerClaim | None, writer_seq: str | None = None
) -> AppendResult:
    with transaction.atomic():
        stream = Stream.objects.select_for_update().filter(key=key).first()
        if stream is None:
            raise UnknownStream(key)
        if writer_seq is not None:
            if stream.writer_seq and writer_seq <= stream.writer_seq:
                raise WriterSeqRegression(
                    f"Stream-Seq {writer_seq!r} is not after the last one ({stream.writer_seq!r})."
                )
            Stream.objects.filter(key=key).update(writer_seq=writer_seq)
        if claim is None:
            rows = append_events(key, events)
            return AppendResult(status=204, next_seq=rows[-1].seq)
        state, _ = Producer.objects.select_for_update().get_or_create(
            stream=stream, producer_id=claim.producer_id
        )
        if claim.epoch < state.epoch:
            raise StaleProducer(claim.producer_id, claim.epoch, state.epoch)
        if claim.epoch > state.epoch:
            if claim.seq != 0:
                raise InvalidEvent(
                    f"A new Producer-Epoch ({claim.epoch}) must start at Producer-Seq 0."
                )
            state.epoch, state.last_seq = claim.epoch, -1
        elif claim.seq <= state.last_seq:
            return AppendResult(204, state.last_offset, state.epoch, state.last_seq)
        elif claim.seq > state.last_seq + 1:
            raise SequenceGap(state.last_seq + 1, claim.seq)
        rows = append_events(key, events)
        state.last_seq, state.last_offset = claim.seq, rows[-1].seq
        state.save(update_fields=["epoch", "last_seq", "last_offset"])
        return AppendResult(200, rows[-1].seq, state.epoch, state.last_seq)
