"""Wake-ups through Redis: the fire-and-forget publisher and the hubs' listener, for real."""

from __future__ import annotations

import asyncio
import json
import time

import pytest
import redis
from channels.db import database_sync_to_async
from django.conf import settings

from steward.live import services, wakeups
from steward.live.hub import hubs
from tests.live.support import collect, communicator

pytestmark = pytest.mark.production


def _subscribe(channel: str) -> redis.client.PubSub:
    pubsub = redis.Redis.from_url(settings.REDIS_URL).pubsub(ignore_subscribe_messages=True)
    pubsub.subscribe(channel)
    pubsub.get_message(timeout=1)  # the subscription is in place
    return pubsub


def _messages(pubsub: redis.client.PubSub, seconds: float = 2.0) -> list[dict]:
    got, deadline = [], time.monotonic() + seconds
    while time.monotonic() < deadline:
        message = pubsub.get_message(timeout=0.1)
        if message:
            got.append(json.loads(message["data"]))
    return got


def _kill(sockname: tuple) -> None:
    """Redis closes the connection whose far end is ``sockname`` (as a restart would)."""
    client = redis.Redis.from_url(settings.REDIS_URL)
    assert client.client_kill_filter(_id=None, addr=f"{sockname[0]}:{sockname[1]}") == 1


def test_a_wake_up_reaches_every_subscriber_and_carries_its_events() -> None:
    pubsub = _subscribe(wakeups.channel_name("app:wake"))
    events = [{"seq": 7, "type": "x.y", "data": {}}, {"seq": 8, "type": "x.y", "data": {}}]
    wakeups.publish("app:wake", events)
    assert _messages(pubsub, 1.0) == [{"tail": 8, "events": events}]


def test_a_large_wake_up_carries_only_the_tail() -> None:
    pubsub = _subscribe(wakeups.channel_name("app:big"))
    events = [{"seq": i, "type": "x.y", "data": {}} for i in range(1, 101)]
    wakeups.publish("app:big", events)
    assert _messages(pubsub, 1.0) == [{"tail": 100}]


def test_the_publisher_reconnects_after_redis_drops_its_connection() -> None:
    """Replies are off, so the first write after a drop may vanish (the hubs' tail checks
    cover it); the publisher notices on the next write and reconnects."""
    pubsub = _subscribe(wakeups.channel_name("app:drop"))
    publisher = wakeups.publisher()
    publisher.send(wakeups.channel_name("app:drop"), '{"tail":1}')
    assert publisher.sock is not None
    _kill(publisher.sock.getsockname())
    time.sleep(0.2)
    for tail in (2, 3, 4):
        publisher.send(wakeups.channel_name("app:drop"), json.dumps({"tail": tail}))
        time.sleep(0.05)
    tails = [m["tail"] for m in _messages(pubsub, 1.0)]
    assert tails[0] == 1 and tails[-2:] == [3, 4]


def test_a_refused_login_says_so() -> None:
    url = settings.REDIS_URL.replace("redis://", "redis://:not-the-password@", 1)
    with pytest.raises(ConnectionRefusedError, match="AUTH"):
        wakeups.Publisher(url).send("steward-test:nothing", "{}")


@pytest.mark.django_db(transaction=True)
async def test_the_hub_listener_resubscribes_after_redis_drops_it(alice, settings) -> None:
    """After the listener's connection is killed, events appended elsewhere (here: with the
    in-process wake-up switched off, as for another process) arrive through Redis again,
    long before any tail check would find them."""
    settings.STEWARD_LIVE_TAIL_CHECK_MS = 60_000
    session = await database_sync_to_async(services.create_session)(
        app="ideaboard", title="t", created_by=alice
    )
    comm = communicator(f"/ws/sessions/{session.id}/", alice)
    assert (await comm.connect())[0]
    # Subscribed: the presence frame comes after the (empty) backlog.
    assert (await comm.receive_json_from(timeout=10))["type"] == "presence.here"
    listener = hubs._listeners[asyncio.get_running_loop()]
    assert listener.writer is not None
    old = listener.writer.get_extra_info("sockname")
    await asyncio.to_thread(_kill, old)
    deadline = time.monotonic() + 5
    while listener.writer is None or listener.writer.get_extra_info("sockname") == old:
        assert time.monotonic() < deadline, "the listener did not reconnect"
        await asyncio.sleep(0.05)
    await asyncio.sleep(0.2)  # its SUBSCRIBE is on the wire

    def append_elsewhere() -> None:
        real = hubs.notify_threadsafe
        hubs.notify_threadsafe = lambda key, events: None  # type: ignore[method-assign]
        try:
            services.append(session_id=session.id, type="run.delta", data={"i": 1}, by="a")
        finally:
            hubs.notify_threadsafe = real  # type: ignore[method-assign]

    started = time.monotonic()
    await database_sync_to_async(append_elsewhere)()
    events = await collect(comm, lambda ev: any(e["type"] == "run.delta" for e in ev), 5)
    assert time.monotonic() - started < 3
    assert [e["data"] for e in events if e["type"] == "run.delta"] == [{"i": 1}]
    await comm.disconnect()
