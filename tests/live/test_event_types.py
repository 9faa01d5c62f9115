"""Reserved event types: only the platform writes run.*, session.*, control.* …"""

from __future__ import annotations

import json

import pytest
from channels.db import database_sync_to_async
from django.test import AsyncClient

from steward.live import services
from steward.live.models import Event

pytestmark = pytest.mark.django_db(transaction=True)

FORGED = [
    "run.completed",
    "run.delta",
    "session.message",
    "presence.joined",
    "app.changed",
    "control.stop",
    "message.snapshot",
    "proof.completed",
    "Run.Completed",
]


@pytest.fixture
def session(alice):  # type: ignore[no-untyped-def]
    return services.create_session(app="ideaboard", title="t", created_by=alice)


@pytest.fixture
async def writer(alice) -> AsyncClient:
    c = AsyncClient(enforce_csrf_checks=False)
    await c.aforce_login(alice)
    return c


class BearerClient(AsyncClient):
    """A writer with an app token instead of a login (no cookie, so no CSRF)."""

    def __init__(self, secret: str) -> None:
        super().__init__()
        self.bearer = {"Authorization": f"Bearer {secret}"}

    def post(self, *args, **kwargs):  # type: ignore[no-untyped-def, override]
        return super().post(*args, headers=self.bearer, **kwargs)


async def bearer_writer(alice) -> AsyncClient:  # type: ignore[no-untyped-def]
    from steward.access.services import issue_token

    _, secret = await database_sync_to_async(issue_token)(
        name="codex", owner=alice, app="ideaboard"
    )
    return BearerClient(secret)


def post(client: AsyncClient, session, body):  # type: ignore[no-untyped-def]
    return client.post(
        f"/streams/sessions/{session.id}", json.dumps(body), content_type="application/json"
    )


def types_in(session) -> list[str]:  # type: ignore[no-untyped-def]
    return list(Event.objects.filter(stream_id=session.stream_key).values_list("type", flat=True))


@pytest.mark.parametrize("type", FORGED)
async def test_a_client_may_not_append_a_platform_event_type(writer, session, alice, type):
    for client in (writer, await bearer_writer(alice)):
        response = await post(client, session, {"type": type, "data": {"who": "user:bob"}})
        assert response.status_code == 403, response.content
        assert response.json()["error"]["code"] == "reserved_type"
        assert repr(type) in response.json()["error"]["message"]
    assert await database_sync_to_async(types_in)(session) == []


async def test_one_reserved_type_in_a_batch_refuses_the_whole_batch(writer, session):
    response = await post(writer, session, [{"type": "note.added"}, {"type": "run.completed"}])
    assert response.status_code == 403 and "'run.completed'" in response.json()["error"]["message"]
    assert await database_sync_to_async(types_in)(session) == []


async def test_clients_append_their_own_types_attributed_by_the_server(writer, session, alice):
    assert (
        await post(writer, session, {"type": "note.added", "data": {"t": 1}})
    ).status_code == 204
    bot = await bearer_writer(alice)
    assert (await post(bot, session, {"type": "runner.note"})).status_code == 204
    forged_by = await post(writer, session, {"type": "note.added", "by": "user:bob"})
    assert forged_by.status_code == 400
    rows = await database_sync_to_async(
        lambda: list(Event.objects.filter(stream_id=session.stream_key).values_list("type", "by"))
    )()
    assert rows == [("note.added", "user:alice"), ("runner.note", "token:codex")]


def test_the_platform_still_writes_its_own_types(session):
    event = services.append(session_id=session.id, type="run.completed", data={}, by="agent:x")
    assert event.seq == 1
