from __future__ import annotations

import json

import pytest
from channels.db import database_sync_to_async

from steward.live import services
from tests.live.support import collect, communicator

pytestmark = pytest.mark.django_db(transaction=True)


def bearer(secret: str) -> list[tuple[bytes, bytes]]:
    return [(b"authorization", f"Bearer {secret}".encode())]


async def token_for(user, app: str, **kw) -> str:  # type: ignore[no-untyped-def]
    from steward.access.services import issue_token

    _, secret = await database_sync_to_async(issue_token)(name="codex", owner=user, app=app, **kw)
    return secret


async def test_an_agent_token_watches_and_controls_its_apps_sessions(alice):
    session = await database_sync_to_async(services.create_session)(
        app="ideaboard", title="t", created_by=alice
    )
    comm = communicator(
        f"/ws/sessions/{session.id}/", headers=bearer(await token_for(alice, "ideaboard"))
    )
    assert (await comm.connect())[0]
    await comm.send_to(text_data=json.dumps({"op": "steer", "text": "focus"}))
    events = await collect(comm, lambda ev: any(e.get("type") == "control.steer" for e in ev))
    assert events[-1]["by"] == "token:codex"
    await comm.disconnect()


async def close_code(comm) -> int:  # type: ignore[no-untyped-def]
    await comm.connect()
    while True:
        message = await comm.receive_output(timeout=5)
        if message["type"] == "websocket.close":
            return int(message["code"])


async def test_tokens_of_other_apps_and_bad_tokens_are_refused(alice):
    session = await database_sync_to_async(services.create_session)(
        app="ideaboard", title="t", created_by=alice
    )
    path = f"/ws/sessions/{session.id}/"
    assert (
        await close_code(communicator(path, headers=bearer(await token_for(alice, "crm")))) == 4403
    )
    assert await close_code(communicator(path, headers=bearer("stw_nope_nope"))) == 4401


async def test_a_read_only_token_may_watch_but_not_stop(alice):
    session = await database_sync_to_async(services.create_session)(
        app="ideaboard", title="t", created_by=alice
    )
    secret = await token_for(alice, "ideaboard", read_only=True)
    comm = communicator(f"/ws/sessions/{session.id}/", headers=bearer(secret))
    assert (await comm.connect())[0]
    await comm.send_to(text_data=json.dumps({"op": "stop"}))
    events = await collect(comm, lambda ev: any("error" in e for e in ev))
    assert events[-1]["error"]["code"] == "forbidden"
    await comm.disconnect()
