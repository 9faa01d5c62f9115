"""Presence is current state: reconnects add nothing to the log; late joiners read who is here."""

from __future__ import annotations

import asyncio
from datetime import timedelta
from typing import Any

import pytest
from channels.db import database_sync_to_async
from django.utils import timezone

from steward.live import presence, services
from steward.live.models import Event, Presence
from tests.live.support import communicator

pytestmark = pytest.mark.django_db(transaction=True)


async def connect(session: Any, user: Any) -> Any:
    comm = communicator(f"/ws/sessions/{session.id}/", user)
    assert (await comm.connect())[0]
    frame = await comm.receive_json_from(timeout=10)
    assert frame["type"] == "presence.here" and "seq" not in frame
    return comm, frame["here"]


async def rows(session: Any) -> int:
    return await database_sync_to_async(Presence.objects.filter(session_id=session.id).count)()


async def test_reconnects_write_nothing_to_the_log_and_presence_is_current(
    alice: Any, carol: Any
) -> None:
    session = await database_sync_to_async(services.create_session)(
        app="ideaboard", title="t", created_by=alice
    )
    for _ in range(3):  # a flaky phone
        comm, _ = await connect(session, alice)
        await comm.disconnect()
    watching, here = await connect(session, alice)
    assert here == [{"who": "user:alice", "connections": 1}]
    late, here = await connect(session, carol)
    assert {p["who"] for p in here} == {"user:alice", "user:carol"}

    count = Event.objects.filter(stream_id=session.stream_key).count
    assert await database_sync_to_async(count)() == 0
    await late.disconnect()
    for _ in range(100):  # the leave is written in the background
        if await rows(session) == 1:
            break
        await asyncio.sleep(0.05)
    assert await rows(session) == 1
    await watching.disconnect()


def test_the_presence_api_says_who_is_here_to_members_only(
    alice: Any, bob: Any, carol: Any, client: Any
) -> None:
    session = services.create_session(app="crm", title="t", created_by=alice)
    presence.arrive(session_id=session.id, who="user:alice")
    presence.arrive(session_id=session.id, who="user:alice")
    client.force_login(alice)
    response = client.get(f"/api/sessions/{session.id}/presence")
    assert response.json() == {"here": [{"who": "user:alice", "connections": 2}]}
    client.force_login(bob)  # a viewer of ideaboard only
    assert client.get(f"/api/sessions/{session.id}/presence").status_code == 404


def test_rows_of_a_killed_process_stop_counting(alice: Any) -> None:
    session = services.create_session(app="ideaboard", title="t", created_by=alice)
    gone = presence.arrive(session_id=session.id, who="user:ghost")
    stale = timezone.now() - timedelta(seconds=presence.STALE_SECONDS + 1)
    Presence.objects.filter(pk=gone).update(seen=stale, process="elsewhere:1:dead")
    presence.arrive(session_id=session.id, who="user:alice")
    assert presence.here(session.id) == [{"who": "user:alice", "connections": 1}]
    assert presence.refresh() == 1  # this process's row refreshed; the stale one removed
    assert not Presence.objects.filter(pk=gone).exists()
