from __future__ import annotations

import asyncio
import json

import pytest
from channels.db import database_sync_to_async

from steward.live import services
from steward.live.demo import full_text
from tests.live.support import collect, communicator, receive_events, write_in_thread

pytestmark = pytest.mark.django_db(transaction=True)


def deltas_text(events: list[dict]) -> str:
    return "".join(e["data"]["text"] for e in events if e["type"] == "run.delta")


def done(events: list[dict]) -> bool:
    return any(e["type"] in ("run.completed", "run.cancelled") for e in events)


@pytest.fixture
def session(alice):  # type: ignore[no-untyped-def]
    return services.create_session(app="ideaboard", title="t", created_by=alice)


async def test_a_client_receives_a_live_run_exactly_once_in_order(session, alice):
    comm = communicator(f"/ws/sessions/{session.id}/", alice)
    assert (await comm.connect())[0]
    writer = await asyncio.to_thread(write_in_thread, session.id, 300)
    events = await collect(comm, done)
    await asyncio.to_thread(writer.join)
    seqs = [e["seq"] for e in events]
    assert seqs == list(range(seqs[0], seqs[-1] + 1))
    assert deltas_text(events) == full_text(300)
    await comm.disconnect()


async def test_resuming_after_a_seq_sends_only_what_was_missed(session, alice):
    for i in range(10):
        await database_sync_to_async(services.append)(
            session_id=session.id, type="run.delta", data={"message": "m", "text": str(i)}, by="a"
        )
    comm = communicator(f"/ws/sessions/{session.id}/?after=6", alice)
    assert (await comm.connect())[0]
    events = await collect(comm, lambda ev: any(e["seq"] == 10 for e in ev))
    assert [e["seq"] for e in events][:4] == [7, 8, 9, 10]
    await comm.disconnect()


async def test_a_client_that_reconnects_many_times_misses_nothing(session, alice):
    writer = await asyncio.to_thread(write_in_thread, session.id, 400, 400)
    seen: list[dict] = []
    last = 0
    while not done(seen):
        comm = communicator(f"/ws/sessions/{session.id}/?after={last}", alice)
        assert (await comm.connect())[0]
        try:
            for _ in range(5):
                seen.extend(await receive_events(comm, 5))
                last = seen[-1]["seq"]
                if done(seen):
                    break
        finally:
            await comm.disconnect()
    await asyncio.to_thread(writer.join)
    seqs = [e["seq"] for e in seen]
    assert seqs == list(range(1, seqs[-1] + 1))
    assert deltas_text(seen) == full_text(400)


async def test_a_slow_reader_overflows_to_the_log_and_loses_nothing(session, alice, monkeypatch):
    from steward.live import hub

    monkeypatch.setattr(hub, "QUEUE_EVENTS", 5)
    comm = communicator(f"/ws/sessions/{session.id}/", alice)
    assert (await comm.connect())[0]
    writer = await asyncio.to_thread(write_in_thread, session.id, 300)
    await asyncio.to_thread(writer.join)  # nobody read while the run was written
    events = await collect(comm, done)
    seqs = [e["seq"] for e in events]
    assert seqs == list(range(seqs[0], seqs[-1] + 1))
    assert deltas_text(events) == full_text(300)
    await comm.disconnect()


async def test_control_frames_are_appended_with_attribution(session, alice):
    comm = communicator(f"/ws/sessions/{session.id}/", alice)
    assert (await comm.connect())[0]
    await comm.send_to(text_data=json.dumps({"op": "steer", "text": "be brief"}))
    await comm.send_to(text_data=json.dumps({"op": "stop"}))
    events = await collect(comm, lambda ev: any(e["type"] == "control.stop" for e in ev))
    typed = [(e["type"], e["by"]) for e in events if e["type"].startswith("control.")]
    assert typed == [("control.steer", "user:alice"), ("control.stop", "user:alice")]
    await comm.disconnect()


async def test_bad_frames_get_an_error_and_the_socket_stays_usable(session, alice):
    comm = communicator(f"/ws/sessions/{session.id}/", alice)
    assert (await comm.connect())[0]
    errors = []
    for frame in ["{not json", json.dumps({"op": "dance"}), json.dumps({"op": "say"})]:
        await comm.send_to(text_data=frame)
        while True:
            (event,) = await receive_events(comm)
            if "error" in event:
                errors.append(event["error"]["code"])
                break
    assert errors == ["malformed", "unknown_op", "invalid"]
    await comm.send_to(text_data=json.dumps({"op": "say", "text": "still here"}))
    events = await collect(comm, lambda ev: any(e["type"] == "session.message" for e in ev))
    said = [e for e in events if e["type"] == "session.message"]  # the run it starts may follow
    assert said[-1]["data"] == {"text": "still here"}
    await comm.disconnect()


async def test_viewers_watch_but_cannot_control(session, bob):
    comm = communicator(f"/ws/sessions/{session.id}/", bob)
    assert (await comm.connect())[0]
    await comm.send_to(text_data=json.dumps({"op": "stop"}))
    while True:
        (event,) = await receive_events(comm)
        if "error" in event:
            break
    assert event["error"]["code"] == "forbidden"
    assert "operator" in event["error"]["message"]
    await comm.disconnect()


async def close_code(comm) -> int:  # type: ignore[no-untyped-def]
    await comm.connect()
    while True:
        message = await comm.receive_output(timeout=5)
        if message["type"] == "websocket.close":
            return int(message["code"])


async def test_outsiders_anonymous_and_unknown_sessions_are_refused_with_codes(
    session, django_user_model
):
    stranger = await database_sync_to_async(django_user_model.objects.create_user)("eve", "", "x")
    assert await close_code(communicator(f"/ws/sessions/{session.id}/", stranger)) == 4403
    assert await close_code(communicator(f"/ws/sessions/{session.id}/")) == 4401
    assert await close_code(communicator("/ws/sessions/s_missing/", stranger)) == 4404
    assert await close_code(communicator(f"/ws/sessions/{session.id}/?after=x", stranger)) == 4400


async def test_the_app_feed_carries_app_changed_events(alice):
    from apps.ideaboard.models import Idea

    comm = communicator("/ws/apps/ideaboard/", alice)
    assert (await comm.connect())[0]
    await database_sync_to_async(Idea.objects.create)(title="Kites")
    (event,) = await receive_events(comm)
    assert event["type"] == "app.changed" and event["data"]["model"] == "ideaboard.idea"
    await comm.disconnect()


async def test_a_deeply_nested_frame_gets_an_error_and_the_socket_stays_usable(session, alice):
    comm = communicator(f"/ws/sessions/{session.id}/", alice)
    assert (await comm.connect())[0]
    for deep in ("[" * 5000 + "]" * 5000, '{"op": "say", "text": ' + "[" * 100 + "]" * 100 + "}"):
        await comm.send_to(text_data=deep)
        while True:
            (event,) = await receive_events(comm)
            if "error" in event:
                break
        assert event["error"]["code"] == "malformed" and "nested" in event["error"]["message"]
    await comm.send_to(text_data=json.dumps({"op": "steer", "text": "still here"}))
    events = await collect(comm, lambda ev: any(e.get("type") == "control.steer" for e in ev))
    assert events[-1]["data"]["text"] == "still here"
    await comm.disconnect()


async def test_resuming_after_a_seq_beyond_the_tail_is_refused_with_an_error_frame(session, alice):
    await database_sync_to_async(services.append)(
        session_id=session.id, type="run.delta", data={"message": "m", "text": "x"}, by="a"
    )
    comm = communicator(f"/ws/sessions/{session.id}/?after=5", alice)
    await comm.connect()
    (event,) = await receive_events(comm)
    assert event["error"]["code"] == "invalid" and "after=1" in event["error"]["message"]
    assert (await comm.receive_output(timeout=5))["code"] == 4400
    ok = communicator(f"/ws/sessions/{session.id}/?after=1", alice)
    assert (await ok.connect())[0]
    await ok.disconnect()
