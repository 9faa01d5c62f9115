from __future__ import annotations

import asyncio
import json

import pytest
from channels.db import database_sync_to_async
from django.test import AsyncClient

from steward.live import services
from steward.live.models import Event

pytestmark = pytest.mark.django_db(transaction=True)


@pytest.fixture
def session(alice):  # type: ignore[no-untyped-def]
    s = services.create_session(app="ideaboard", title="t", created_by=alice)
    for i in range(3):
        services.append(
            session_id=s.id, type="run.delta", data={"message": "m", "text": str(i)}, by="a"
        )
    return s


@pytest.fixture
async def client(alice) -> AsyncClient:
    c = AsyncClient()
    await c.aforce_login(alice)
    return c


async def test_catch_up_returns_the_events_with_offsets_and_an_etag(client, session):
    url = f"/streams/sessions/{session.id}"
    response = await client.get(url, {"offset": "-1"})
    assert response.status_code == 200 and response["Content-Type"] == "application/json"
    assert [e["seq"] for e in response.json()] == [1, 2, 3]
    assert response["Stream-Next-Offset"] == "0000000000000003"
    assert response["Stream-Up-To-Date"] == "true"
    again = await client.get(url, {"offset": "-1"}, headers={"If-None-Match": response["ETag"]})
    assert again.status_code == 304
    resumed = await client.get(url, {"offset": "0000000000000002"})
    assert [e["seq"] for e in resumed.json()] == [3]


async def test_offset_now_and_head_give_the_tail_and_bad_offsets_are_refused(client, session):
    url = f"/streams/sessions/{session.id}"
    now = await client.get(url, {"offset": "now"})
    assert now.content == b"[]" and now["Stream-Next-Offset"] == "0000000000000003"
    assert now["Stream-Up-To-Date"] == "true" and "ETag" not in now
    head = await client.head(url)
    assert head.status_code == 200 and head["Stream-Next-Offset"] == "0000000000000003"
    assert head["Cache-Control"] == "no-store"
    bad = await client.get(url, {"offset": "3"})
    assert bad.status_code == 400 and "Stream-Next-Offset" in bad.json()["error"]["message"]


async def test_long_poll_returns_what_arrives_during_the_wait(client, session):
    url = f"/streams/sessions/{session.id}"
    poll = asyncio.create_task(client.get(url, {"offset": "now", "live": "long-poll"}))
    await asyncio.sleep(0.3)
    # From another thread, like a runner: the test's own sync_to_async thread would wait
    # for the request's (AsyncClient runs the view in the test's loop).
    await asyncio.to_thread(
        services.append,
        session_id=session.id,
        type="run.delta",
        data={"message": "m", "text": "x"},
        by="a",
    )
    response = await asyncio.wait_for(poll, 10)
    assert response.status_code == 200 and [e["seq"] for e in response.json()] == [4]
    assert response["Stream-Cursor"] and response["Stream-Next-Offset"] == "0000000000000004"


async def test_long_poll_times_out_with_204_and_the_tail(client, session):
    url = f"/streams/sessions/{session.id}"
    response = await client.get(
        url,
        {"offset": "0000000000000003", "live": "long-poll", "timeout": "0.3", "cursor": "99999999"},
    )
    assert response.status_code == 204
    assert response["Stream-Next-Offset"] == "0000000000000003"
    assert response["Stream-Up-To-Date"] == "true"
    assert int(response["Stream-Cursor"]) > 99999999


async def test_sse_sends_data_then_control_events(client, session):
    response = await client.get(f"/streams/sessions/{session.id}", {"offset": "-1", "live": "sse"})
    assert response["Content-Type"] == "text/event-stream"
    chunks = []
    async for chunk in response.streaming_content:
        chunks.append(chunk.decode() if isinstance(chunk, bytes) else chunk)
        if len(chunks) == 2:
            break
    assert chunks[0].startswith("event: data\ndata: [")
    assert [e["seq"] for e in json.loads(chunks[0].split("data: ", 1)[1])] == [1, 2, 3]
    control = json.loads(chunks[1].split("data: ", 1)[1])
    assert control["streamNextOffset"] == "0000000000000003" and control["upToDate"] is True


def post(client, session, body, **headers):  # type: ignore[no-untyped-def]
    return client.post(
        f"/streams/sessions/{session.id}",
        body if isinstance(body, str) else json.dumps(body),
        content_type="application/json",
        headers=headers,
    )


@pytest.fixture
async def writer(alice) -> AsyncClient:
    # A writer without a browser session: CSRF checks apply to cookie-authenticated posts.
    c = AsyncClient(enforce_csrf_checks=False)
    await c.aforce_login(alice)
    return c


async def test_post_appends_one_event_or_an_array_with_server_attribution(writer, session):
    one = await post(writer, session, {"type": "note.added", "data": {"text": "!"}})
    assert one.status_code == 204 and one["Stream-Next-Offset"] == "0000000000000004"
    many = await post(writer, session, [{"type": "note.a"}, {"type": "note.b", "data": 1}])
    assert many["Stream-Next-Offset"] == "0000000000000006"
    last = await database_sync_to_async(
        lambda: Event.objects.get(stream_id=session.stream_key, seq=6).to_dict()
    )()
    assert last["type"] == "note.b" and last["by"] == "user:alice" and last["data"] == 1


async def test_bad_posts_are_refused_with_the_protocols_codes(writer, session):
    assert (await post(writer, session, [])).status_code == 400
    assert (await post(writer, session, "{nope")).status_code == 400
    assert (await post(writer, session, {"type": "x.y", "seq": 9})).status_code == 400
    wrong = await writer.post(f"/streams/sessions/{session.id}", "hi", content_type="text/plain")
    assert wrong.status_code == 409
    partial = await post(writer, session, {"type": "x.y"}, **{"Producer-Id": "p"})
    assert partial.status_code == 400


async def test_idempotent_producers_append_exactly_once_and_fence_stale_epochs(writer, session):
    def headers(epoch: int, seq: int) -> dict[str, str]:
        return {"Producer-Id": "bot-1", "Producer-Epoch": str(epoch), "Producer-Seq": str(seq)}

    first = await post(writer, session, {"type": "x.a"}, **headers(0, 0))
    assert first.status_code == 200 and first["Producer-Seq"] == "0"
    retry = await post(writer, session, {"type": "x.a"}, **headers(0, 0))
    assert retry.status_code == 204
    gap = await post(writer, session, {"type": "x.c"}, **headers(0, 5))
    assert gap.status_code == 409 and gap["Producer-Expected-Seq"] == "1"
    restarted = await post(writer, session, {"type": "x.b"}, **headers(1, 0))
    assert restarted.status_code == 200 and restarted["Producer-Epoch"] == "1"
    zombie = await post(writer, session, {"type": "x.z"}, **headers(0, 1))
    assert zombie.status_code == 403 and zombie["Producer-Epoch"] == "1"
    types = await database_sync_to_async(
        lambda: list(
            Event.objects.filter(stream_id=session.stream_key, seq__gt=3).values_list(
                "type", flat=True
            )
        )
    )()
    assert types == ["x.a", "x.b"]


async def test_viewers_read_but_cannot_write_and_outsiders_cannot_read(session, bob):
    c = AsyncClient()
    await c.aforce_login(bob)
    assert (await c.get(f"/streams/sessions/{session.id}")).status_code == 200
    assert (await post(c, session, {"type": "x.y"})).status_code == 403
    crm = await database_sync_to_async(services.create_session)(
        app="crm", title="", created_by=None
    )
    assert (await c.get(f"/streams/sessions/{crm.id}")).status_code == 403
    assert (await AsyncClient().get(f"/streams/sessions/{session.id}")).status_code == 401


async def test_the_app_feed_is_readable_and_read_only(client):
    response = await client.get("/streams/apps/ideaboard", {"offset": "-1"})
    assert response.status_code == 200 and response.json() == []
    assert (
        await client.post("/streams/apps/ideaboard", "{}", content_type="application/json")
    ).status_code == 405
    assert (await client.get("/streams/apps/nope")).status_code == 404


DEEP = "[" * 5000 + "]" * 5000


async def test_deeply_nested_json_answers_400_not_500(writer, session):
    for body in (DEEP, json.dumps({"type": "note.deep", "data": "@"}).replace('"@"', DEEP)):
        response = await post(writer, session, body)
        assert response.status_code == 400, response.content
        assert "nested" in response.json()["error"]["message"]


async def test_data_null_answers_400_naming_the_field(writer, session):
    response = await post(writer, session, {"type": "note.added", "data": None})
    assert response.status_code == 400
    assert '"data"' in response.json()["error"]["message"]
    tail = await database_sync_to_async(services.tail)(session.stream_key)
    assert tail == 3


@pytest.mark.parametrize("timeout", ["abc", "nan", "inf", "-inf", "-1", ""])
async def test_a_long_poll_timeout_that_is_not_a_number_of_seconds_answers_400(
    client, session, timeout
):
    url = f"/streams/sessions/{session.id}"
    query = {"offset": "now", "live": "long-poll", "timeout": timeout}
    response = await asyncio.wait_for(client.get(url, query), 10)
    assert response.status_code == 400
    assert "timeout" in response.json()["error"]["message"]


async def test_an_empty_offset_answers_400(client, session):
    response = await client.get(f"/streams/sessions/{session.id}?offset=")
    assert response.status_code == 400 and response.json()["error"]["code"] == "invalid_offset"


@pytest.mark.parametrize("live", ["", "long-poll", "sse"])
async def test_an_offset_beyond_the_tail_answers_400_and_is_not_echoed(client, session, live):
    query = {"offset": "0000000000000009"} | ({"live": live} if live else {})
    response = await asyncio.wait_for(client.get(f"/streams/sessions/{session.id}", query), 10)
    assert response.status_code == 400
    assert "Stream-Next-Offset" not in response
    assert "0000000000000003" in response.json()["error"]["message"]  # the tail, to resume from


@pytest.mark.parametrize(
    ("event", "field"),
    [
        ({"type": "note.added", "data": {"text": "a\u0000b"}}, "data"),
        ({"type": "note.added", "data": {"a\ud800": 1}}, "data"),
        ({"type": "note.\u0000"}, "type"),
        ({"type": "note.added", "run": "r\u0000"}, "run"),
    ],
)
async def test_text_the_database_cannot_store_answers_400_naming_the_field(
    writer, session, event, field
):
    response = await post(writer, session, event)
    assert response.status_code == 400, response.content
    assert f'"{field}"' in response.json()["error"]["message"]
