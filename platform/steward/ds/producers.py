"""Idempotent producers (PROTOCOL.md 5.2.1): header parsing and epoch / sequence checks.

The check runs inside the append's transaction, under the stream row's lock, so checks
and appends are serialised per stream (hence per producer) and a retry after a crash is
never accepted twice: the producer state commits with the bytes or not at all.
"""

from __future__ import annotations

from dataclasses import dataclass

from steward.ds.exceptions import BadRequest, Conflict, Forbidden
from steward.ds.models import DsProducer, DsStream

MAX_INT = 2**53 - 1  # the protocol's bound, for JavaScript clients


@dataclass(frozen=True)
class Claim:
    producer_id: str
    epoch: int
    seq: int

    @property
    def key(self) -> str:
        return f"{self.producer_id} {self.epoch} {self.seq}"


def parse_claim(pid: str | None, epoch: str | None, seq: str | None) -> Claim | None:
    """The producer headers: all three or none; raises BadRequest saying what is wrong."""
    given = [h is not None for h in (pid, epoch, seq)]
    if not any(given):
        return None
    if not all(given):
        raise BadRequest("Send Producer-Id, Producer-Epoch and Producer-Seq together, or none.")
    assert pid is not None and epoch is not None and seq is not None
    if not pid:
        raise BadRequest("Producer-Id must not be empty.")
    numbers = []
    for name, raw in (("Producer-Epoch", epoch), ("Producer-Seq", seq)):
        if not raw.isascii() or not raw.isdigit() or int(raw) > MAX_INT:
            raise BadRequest(f"{name} must be an integer from 0 to 2^53-1, not {raw!r}.")
        numbers.append(int(raw))
    return Claim(pid, numbers[0], numbers[1])


def check(stream: DsStream, claim: Claim) -> DsProducer | None:
    """The producer row to save when ``claim`` is new data; None when it is a duplicate.

    Raises Forbidden (stale epoch: a zombie), BadRequest (a new epoch must start at 0) or
    Conflict (a gap in the sequence), each with the headers the protocol asks for.
    """
    state = DsProducer.objects.filter(stream=stream, producer_id=claim.producer_id).first()
    if state is None:
        if claim.seq != 0:
            raise _gap(0, claim.seq)
        return DsProducer(
            stream=stream, producer_id=claim.producer_id, epoch=claim.epoch, last_seq=0
        )
    if claim.epoch < state.epoch:
        raise Forbidden(
            f"Producer-Epoch {claim.epoch} is stale: epoch {state.epoch} has taken over. "
            "Stop this producer, or restart it with a higher epoch.",
            **{"Producer-Epoch": str(state.epoch)},
        )
    if claim.epoch > state.epoch:
        if claim.seq != 0:
            raise BadRequest(f"A new epoch starts at Producer-Seq 0, not {claim.seq}.")
        state.epoch, state.last_seq = claim.epoch, 0
        return state
    if claim.seq <= state.last_seq:
        return None
    if claim.seq != state.last_seq + 1:
        raise _gap(state.last_seq + 1, claim.seq)
    state.last_seq = claim.seq
    return state


def last_seq(stream: DsStream, claim: Claim) -> int:
    found = DsProducer.objects.filter(stream=stream, producer_id=claim.producer_id)
    return found.values_list("last_seq", flat=True).first() or claim.seq


def _gap(expected: int, received: int) -> Conflict:
    return Conflict(
        f"Producer-Seq {received} skips ahead: the next expected is {expected}. "
        "Resend the missing batches first.",
        **{"Producer-Expected-Seq": str(expected), "Producer-Received-Seq": str(received)},
    )
