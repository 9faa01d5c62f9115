"""A database outage is an outage, not a bad token (issue 12, item 4).

A real daphne whose DATABASE_URL points at a port where no PostgreSQL listens: every query
fails the way it does when the database is down. Callers get 503 (HTTP) or the retryable
close code 4503 (WebSocket), never 401/4401, and never the database's host or port.
"""

from __future__ import annotations

import asyncio
import json
from collections.abc import Iterator
from pathlib import Path

import httpx
import pytest
import websockets

from tests.support.servers import Server, daphne_server, free_port

pytestmark = pytest.mark.production  # the outage of a PostgreSQL database
BEARER = {"Authorization": "Bearer stw_0123456789ab_notarealsecretbutwellformed"}


@pytest.fixture
def no_database(tmp_path: Path) -> Iterator[tuple[Server, str]]:
    port = str(free_port())
    with daphne_server(tmp_path, DATABASE_URL=f"postgres://root@127.0.0.1:{port}/steward") as srv:
        yield srv, port


def _reveals(body: str, port: str) -> bool:
    return port in body or "127.0.0.1" in body or "Traceback" in body


def test_streams_answer_503_without_the_database_address(no_database) -> None:
    server, port = no_database
    response = httpx.get(f"{server.url}/streams/sessions/s_x?offset=-1", headers=BEARER)

    assert response.status_code == 503
    assert response.json()["error"]["code"] == "unavailable"
    assert not _reveals(response.text, port)


def test_the_rest_api_answers_503_without_the_database_address(no_database) -> None:
    server, port = no_database
    response = httpx.get(f"{server.url}/api/apps/", headers=BEARER)

    assert response.status_code == 503
    assert not _reveals(response.text, port)


def test_readyz_names_the_database_without_its_address(no_database) -> None:
    server, port = no_database
    response = httpx.get(f"{server.url}/readyz")

    assert response.status_code == 503
    failing = response.json()["failing"]
    assert any(f.startswith("database") for f in failing)
    assert not _reveals(response.text, port)


def test_a_bearer_socket_closes_with_a_retryable_code(no_database) -> None:
    server, port = no_database

    async def connect() -> tuple[int | None, str]:
        async with websockets.connect(
            f"{server.ws_url}/ws/sessions/s_x/", additional_headers=BEARER
        ) as ws:
            frame = await asyncio.wait_for(ws.recv(), 10)
            with pytest.raises(websockets.ConnectionClosed):
                await asyncio.wait_for(ws.recv(), 10)
            return ws.close_code, str(frame)

    code, frame = asyncio.run(connect())
    assert code == 4503  # "try again later": durable-session.js reconnects
    assert json.loads(frame)["error"]["code"] == "unavailable"
    assert not _reveals(frame, port)
