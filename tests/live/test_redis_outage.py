"""A Redis restart under a running web process: handshakes keep working, the log stays calm."""

from __future__ import annotations

import asyncio
from pathlib import Path
from typing import Any

import pytest
import websockets

from tests.live.wsclient import read_until, session_cookie
from tests.support.redis_server import RedisServer, redis_server
from tests.support.servers import daphne_server


async def _first_event(url: str, cookie: str) -> dict[str, Any]:
    async with websockets.connect(url, additional_headers={"Cookie": cookie}) as ws:
        events = await read_until(ws, lambda got: bool(got), timeout=20)
    return events[0]


async def _through_restarts(redis: RedisServer, url: str, cookie: str) -> list[int]:
    """Handshakes before, across and after two Redis restarts (one quick, one long)."""
    firsts = [(await _first_event(url, cookie))["seq"]]
    async with websockets.connect(url, additional_headers={"Cookie": cookie}) as held:
        await read_until(held, lambda got: bool(got), timeout=20)  # subscribed across it
        await asyncio.to_thread(redis.stop)
        await asyncio.to_thread(redis.start)
        firsts.append((await _first_event(url, cookie))["seq"])
        await asyncio.to_thread(redis.stop)
        firsts.append((await _first_event(url, cookie))["seq"])  # Redis away: still a 101
        await asyncio.sleep(2)  # the listener keeps trying meanwhile
        firsts.append((await _first_event(url, cookie))["seq"])
        await asyncio.to_thread(redis.start)
        firsts.append((await _first_event(url, cookie))["seq"])
    return firsts


@pytest.mark.production
def test_handshakes_succeed_through_redis_restarts_and_each_outage_logs_one_line(
    transactional_db: None, alice: Any, tmp_path: Path
) -> None:
    from steward.live.services import append, create_session

    session = create_session(app="ideaboard", title="Outage", created_by=alice)
    append(session_id=session.id, type="note.added", data={"n": 1}, by="user:alice")
    cookie = session_cookie(alice)
    with redis_server(tmp_path / "redis.log") as redis:
        with daphne_server(tmp_path, REDIS_URL=redis.url) as web:
            url = f"{web.ws_url}/ws/sessions/{session.id}/?after=0"
            # Each handshake appends presence events: their wake-ups meet the outage too.
            assert asyncio.run(_through_restarts(redis, url, cookie)) == [1] * 5
        log = web.log.read_text()

    assert " 500" not in log and "WSREJECT" not in log, log[-4000:]
    assert "Traceback" not in log, log[-4000:]
    # Two outages (the quick restart may go unnoticed by the publisher): a line or two each.
    assert 1 <= log.count("Redis is unreachable") <= 4, log[-4000:]
