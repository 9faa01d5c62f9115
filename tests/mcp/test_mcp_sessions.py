"""An MCP session (handshake era) belongs to the token that opened it."""

from __future__ import annotations

import threading
from typing import Any

import httpx
import pytest

from steward.access.services import issue_token

pytestmark = pytest.mark.slow

HEADERS = {"Content-Type": "application/json", "Accept": "application/json, text/event-stream"}


def rpc(url: str, secret: str, body: dict[str, Any], **headers: str) -> httpx.Response:
    return httpx.post(
        f"{url}/mcp",
        headers={**HEADERS, "Authorization": f"Bearer {secret}", **headers},
        json=body,
        timeout=10,
    )


def open_session(url: str, secret: str) -> str:
    response = rpc(
        url,
        secret,
        {
            "jsonrpc": "2.0",
            "id": 0,
            "method": "initialize",
            "params": {
                "protocolVersion": "2025-06-18",
                "capabilities": {},
                "clientInfo": {"name": "test", "version": "1"},
            },
        },
    )
    assert response.status_code == 200, response.text
    return response.headers["mcp-session-id"]


def test_another_token_cannot_use_a_session(server: Any, alice: Any) -> None:
    _, mine = issue_token(name="mine", owner=alice, app="ideaboard")
    _, theirs = issue_token(name="theirs", owner=alice, app="ideaboard")
    session = open_session(server.url, mine)
    listing = {"jsonrpc": "2.0", "id": 1, "method": "tools/list"}
    version = {"mcp-protocol-version": "2025-06-18", "mcp-session-id": session}
    assert rpc(server.url, mine, listing, **version).status_code == 200
    assert rpc(server.url, theirs, listing, **version).status_code == 404


def test_stateless_mode_needs_no_session(transactional_db: None, alice: Any, tmp_path: Any) -> None:
    from tests.mcp.client import with_client
    from tests.support.servers import daphne_server

    _, secret = issue_token(name="codex", owner=alice, app="ideaboard")
    with daphne_server(tmp_path, STEWARD_MCP_STATELESS="true") as stateless:
        response = rpc(
            stateless.url,
            secret,
            {
                "jsonrpc": "2.0",
                "id": 0,
                "method": "initialize",
                "params": {
                    "protocolVersion": "2025-06-18",
                    "capabilities": {},
                    "clientInfo": {"name": "test", "version": "1"},
                },
            },
        )
        assert response.status_code == 200
        assert "mcp-session-id" not in response.headers
        result = with_client(
            stateless.url, secret, lambda c: c.call_tool("add_idea", {"title": "X"}), mode="legacy"
        )
    assert result.is_error is False


def test_an_open_session_stream_ends_when_its_token_is_revoked(server: Any, alice: Any) -> None:
    """Issue 12, item 3: the session's GET stream is cut, and the next request is a 401."""
    from steward.audit.trail import revoke_token

    token, secret = issue_token(name="codex", owner=alice, app="ideaboard")
    session = open_session(server.url, secret)
    headers = {
        "Accept": "text/event-stream",
        "Authorization": f"Bearer {secret}",
        "mcp-protocol-version": "2025-06-18",
        "mcp-session-id": session,
    }
    ended: list[int] = []

    def listen() -> None:  # the client's stream of server messages, held open by the server
        with httpx.stream("GET", f"{server.url}/mcp", headers=headers, timeout=30) as stream:
            for _ in stream.iter_bytes():
                pass
            ended.append(stream.status_code)

    listener = threading.Thread(target=listen, daemon=True)
    listener.start()
    listener.join(1.0)
    assert listener.is_alive()  # open: nothing ends it but the server
    revoke_token(token_id=token.pk, by="user:admin")
    listener.join(1.5)
    assert not listener.is_alive() and ended  # cut by the server, not the 30 s read timeout
    listing = {"jsonrpc": "2.0", "id": 1, "method": "tools/list"}
    version = {"mcp-protocol-version": "2025-06-18", "mcp-session-id": session}
    assert rpc(server.url, secret, listing, **version).status_code == 401
