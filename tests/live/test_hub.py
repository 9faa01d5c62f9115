from __future__ import annotations

import asyncio

import pytest
from channels.db import database_sync_to_async

from steward.live import hub, services
from steward.live.hub import hubs
from tests.live.support import collect, communicator

pytestmark = pytest.mark.django_db(transaction=True)


async def test_one_hub_serves_every_local_subscriber_of_a_stream(alice, monkeypatch):
    """Fan-out costs one wake-up and at most one log read per process, not one per socket."""
    session = await database_sync_to_async(services.create_session)(
        app="ideaboard", title="t", created_by=alice
    )
    reads = []
    real = services.read_dicts

    def counting(*args, **kwargs):  # type: ignore[no-untyped-def]
        rows = real(*args, **kwargs)
        if rows:  # periodic tail checks that find nothing new are expected and cheap
            reads.append(args)
        return rows

    monkeypatch.setattr(hub.services, "read_dicts", counting)
    sockets = [communicator(f"/ws/sessions/{session.id}/", alice) for _ in range(20)]
    for comm in sockets:
        assert (await comm.connect())[0]
        # Subscribed: the presence frame comes after the (empty) backlog.
        assert (await comm.receive_json_from(timeout=10))["type"] == "presence.here"
    assert hubs.local_subscribers(session.stream_key) == 20
    reads.clear()

    def write() -> None:
        for i in range(30):
            services.append(session_id=session.id, type="run.delta", data={"i": i}, by="a")

    await asyncio.to_thread(write)
    for comm in sockets:
        events = await collect(
            comm, lambda ev: any(e["type"] == "run.delta" and e["data"]["i"] == 29 for e in ev)
        )
        assert [e["data"]["i"] for e in events if e["type"] == "run.delta"] == list(range(30))
    # In-process wake-ups carry the events: the hub needed no log read for them at all.
    assert len(reads) <= 2
    for comm in sockets:
        await comm.disconnect()
    assert hubs.local_subscribers(session.stream_key) == 0
