"""Delivery: what one connection is sent of the hub's batches; parse_after: the WebSocket's
``after`` query value."""

from __future__ import annotations

import asyncio
import json
from datetime import UTC, datetime
from typing import Any

import pytest
from prometheus_client import REGISTRY

from steward.live.delivery import LAG_SAMPLE, Delivery, parse_after
from steward.live.hub import Batch, StreamHub, Subscriber


@pytest.mark.parametrize(("raw", "seq"), [(None, 0), ("", 0), ("0", 0), ("42", 42)])
def test_it_reads_a_whole_number(raw, seq):  # type: ignore[no-untyped-def]
    assert parse_after(raw) == seq


@pytest.mark.parametrize("raw", ["x", "-1", " 5", "+5", "5_0", "\u0665", "1.0", "9" * 5000])
def test_it_refuses_anything_but_plain_digits(raw):  # type: ignore[no-untyped-def]
    assert parse_after(raw) is None


class Sent:
    """A Delivery's send: the frames it sent, as the events in them."""

    def __init__(self) -> None:
        self.frames: list[list[dict[str, Any]]] = []

    async def __call__(self, text: str) -> None:
        data = json.loads(text)
        self.frames.append(data if isinstance(data, list) else [data])


def delivery(readers: int = 1, after: int = 0) -> tuple[Delivery, Sent]:
    hub = StreamHub("s", asyncio.get_running_loop(), fetched=after)
    subs = [Subscriber() for _ in range(readers)]
    hub.subscribers.update(subs)
    sent = Sent()
    return Delivery(key="s", hub=hub, sub=subs[0], after=after, send=sent), sent


def batch(*seqs: int) -> Batch:
    now = datetime.now(UTC).isoformat()
    return Batch.of([{"seq": seq, "type": "t", "data": {}, "ts": now} for seq in seqs])


def lag_count() -> float:
    return REGISTRY.get_sample_value("steward_live_delivery_lag_seconds_count") or 0.0


async def test_a_reader_behind_by_several_batches_gets_them_as_one_frame_in_order() -> None:
    deliver, sent = delivery(after=3)
    await deliver.deliver([batch(4), batch(5, 6), batch(7)])
    assert [[e["seq"] for e in frame] for frame in sent.frames] == [[4, 5, 6, 7]]
    assert deliver.last_sent == 7


async def test_batches_overlapping_what_was_sent_are_sent_once() -> None:
    deliver, sent = delivery(after=5)
    await deliver.deliver([batch(4, 5, 6), batch(6, 7)])
    assert [e["seq"] for frame in sent.frames for e in frame] == [6, 7]
    assert deliver.last_sent == 7


async def test_every_delivery_lag_is_observed_on_a_stream_with_few_readers() -> None:
    deliver, _ = delivery(readers=LAG_SAMPLE)
    before = lag_count()
    for seq in range(1, 101):
        await deliver.deliver([batch(seq)])
    assert lag_count() - before == 100


async def test_a_stream_with_many_readers_observes_the_lag_of_a_sample_of_them() -> None:
    deliver, sent = delivery(readers=LAG_SAMPLE * 30)
    before = lag_count()
    for seq in range(1, 601):
        await deliver.deliver([batch(seq)])
    assert len(sent.frames) == 600  # every event is sent; only the observing is sampled
    # One in thirty expected (20 of 600); nowhere near all of them.
    assert 0 < lag_count() - before < 100
