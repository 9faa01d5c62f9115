"""A socket moves the subscribers gauge; an event it receives live, the delivery lag."""

from __future__ import annotations

from typing import Any

import pytest
from channels.db import database_sync_to_async

from steward.live import services
from tests.live.support import collect, communicator
from tests.metrics.support import sample

pytestmark = pytest.mark.django_db(transaction=True)


async def test_a_socket_counts_as_a_subscriber_and_its_live_events_as_lag(alice: Any) -> None:
    scrape = database_sync_to_async(sample)
    session = await database_sync_to_async(services.create_session)(
        app="ideaboard", title="t", created_by=alice
    )
    subscribers = await scrape("steward_live_subscribers", transport="websocket")
    lag = await scrape("steward_live_delivery_lag_seconds_count")
    comm = communicator(f"/ws/sessions/{session.id}/", alice)
    assert (await comm.connect())[0]
    assert (await comm.receive_json_from(timeout=10))["type"] == "presence.here"
    assert await scrape("steward_live_subscribers", transport="websocket") == subscribers + 1

    await database_sync_to_async(services.append)(
        session_id=session.id, type="session.message", data={"text": "hi"}, by="a"
    )
    await collect(comm, lambda ev: any(e["type"] == "session.message" for e in ev))
    assert await scrape("steward_live_delivery_lag_seconds_count") >= lag + 1
    await comm.disconnect()
    assert await scrape("steward_live_subscribers", transport="websocket") == subscribers
