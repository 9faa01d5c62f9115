"""Production configuration: two daphne processes on PostgreSQL + Redis share every session."""

from __future__ import annotations

import asyncio
import json
import threading
from pathlib import Path

import pytest
import websockets

from steward.live import services
from steward.live.demo import full_text
from tests.live.wsclient import read_until, session_cookie
from tests.support.servers import daphne_server

pytestmark = [pytest.mark.production, pytest.mark.slow]


def ended(events: list[dict]) -> bool:
    return any(e.get("type") == "run.completed" for e in events)


@pytest.fixture
def two_servers(transactional_db, tmp_path: Path):  # type: ignore[no-untyped-def]
    one, two = tmp_path / "one", tmp_path / "two"
    one.mkdir()
    two.mkdir()
    with daphne_server(one) as first, daphne_server(two) as second:
        yield first, second


def test_a_client_on_one_process_receives_what_is_appended_through_the_other(two_servers, alice):
    first, second = two_servers
    session = services.create_session(app="ideaboard", title="two", created_by=alice)
    headers = {"Cookie": session_cookie(alice)}

    async def scenario() -> list[dict]:
        path = f"/ws/sessions/{session.id}/"
        async with (
            websockets.connect(first.ws_url + path, additional_headers=headers) as reader,
            websockets.connect(second.ws_url + path, additional_headers=headers) as writer,
        ):
            for i in range(20):
                await writer.send(json.dumps({"op": "say", "text": f"hello {i}"}))
            return await read_until(
                reader,
                lambda ev: sum(e.get("type") == "session.message" for e in ev) == 20,
                timeout=30,
            )

    events = asyncio.run(scenario())
    said = [e["data"]["text"] for e in events if e.get("type") == "session.message"]
    assert said == [f"hello {i}" for i in range(20)]
    assert all(e["by"] == "user:alice" for e in events if e.get("type") == "session.message")


def test_a_client_moving_between_processes_resumes_without_loss(two_servers, alice):
    from tests.live.writer import synthetic_run

    first, second = two_servers
    session = services.create_session(app="ideaboard", title="move", created_by=alice)
    headers = {"Cookie": session_cookie(alice)}
    writer = threading.Thread(
        target=synthetic_run, kwargs={"session_id": session.id, "events": 600, "rate": 200}
    )

    async def scenario() -> list[dict]:
        seen: list[dict] = []
        hops = 0
        writer.start()
        while not ended(seen):
            server = (first, second)[hops % 2]
            after = seen[-1]["seq"] if seen else 0
            url = f"{server.ws_url}/ws/sessions/{session.id}/?after={after}"
            async with websockets.connect(url, additional_headers=headers) as ws:
                count = len(seen)
                seen.extend(await read_until(ws, lambda ev: len(ev) >= 60 or ended(ev), 20))
                assert len(seen) > count
            hops += 1
        assert hops >= 3
        return seen

    seen = asyncio.run(scenario())
    writer.join()
    seqs = [e["seq"] for e in seen]
    assert seqs == list(range(1, seqs[-1] + 1))
    deltas = [e for e in seen if e["type"] == "run.delta"]
    assert "".join(e["data"]["text"] for e in deltas) == full_text(600)
