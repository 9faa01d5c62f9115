"""/mcp through the official MCP client over HTTP against a real daphne process."""

from __future__ import annotations

from typing import Any

import httpx
import pytest

from apps.ideaboard.models import Idea
from steward.access.services import issue_token, revoke_token
from steward.audit.models import AuditEntry
from tests.mcp.client import with_client

pytestmark = pytest.mark.slow


@pytest.fixture
def secret(alice: Any) -> str:
    _, secret = issue_token(name="codex", owner=alice, app="ideaboard")
    return secret


def test_it_lists_the_tokens_actions_as_annotated_tools(server: Any, secret: str) -> None:
    result = with_client(server.url, secret, lambda c: c.list_tools())
    tools = {t.name: t for t in result.tools}
    assert {"add_idea", "list_ideas", "archive_idea", "score_idea", "move_card"} <= set(tools)
    assert tools["list_ideas"].annotations.read_only_hint is True  # type: ignore[union-attr]
    assert tools["archive_idea"].annotations.destructive_hint is True  # type: ignore[union-attr]
    assert tools["add_idea"].input_schema["required"] == ["title"]


def test_a_token_limited_to_some_actions_sees_only_those(server: Any, alice: Any) -> None:
    _, narrow = issue_token(name="reader", owner=alice, app="ideaboard", actions=["list_ideas"])
    result = with_client(server.url, narrow, lambda c: c.list_tools())
    assert [t.name for t in result.tools] == ["list_ideas"]


def test_a_call_creates_the_record_and_an_audit_row(server: Any, secret: str) -> None:
    result = with_client(
        server.url, secret, lambda c: c.call_tool("add_idea", {"title": "Demo day", "pitch": "p"})
    )
    assert result.is_error is False
    assert result.structured_content["status"] == "ok"
    assert result.structured_content["result"]["title"] == "Demo day"
    idea = Idea.objects.get(title="Demo day")
    assert result.structured_content["result"]["id"] == idea.pk
    entry = AuditEntry.objects.get(action="add_idea")
    assert entry.status == "ok"
    assert entry.actor_label == "token:codex"
    assert entry.request_id.startswith("mcp:")


def test_invalid_arguments_come_back_as_a_tool_error_naming_the_field(
    server: Any, secret: str
) -> None:
    result = with_client(server.url, secret, lambda c: c.call_tool("add_idea", {"pitch": "x"}))
    assert result.is_error is True
    error = result.structured_content["error"]
    assert error["code"] == "invalid"
    assert "title" in error["fields"]
    assert not Idea.objects.exists()
    assert AuditEntry.objects.get(action="add_idea").status == "invalid"


def test_an_action_the_token_does_not_allow_is_denied(server: Any, alice: Any) -> None:
    _, narrow = issue_token(name="reader", owner=alice, app="ideaboard", actions=["list_ideas"])
    result = with_client(server.url, narrow, lambda c: c.call_tool("add_idea", {"title": "x"}))
    assert result.is_error is True
    assert result.structured_content["error"]["code"] == "denied"
    assert not Idea.objects.exists()
    assert AuditEntry.objects.get(action="add_idea").status == "denied"


def test_an_unknown_tool_is_a_tool_error(server: Any, secret: str) -> None:
    result = with_client(server.url, secret, lambda c: c.call_tool("drop_tables", {}))
    assert result.is_error is True
    assert result.structured_content["error"]["code"] == "not_found"
    assert "drop_tables" in result.content[0].text  # type: ignore[union-attr]


def test_an_approval_gated_action_says_it_awaits_approval(server: Any, secret: str) -> None:
    idea = Idea.objects.create(title="Old")
    result = with_client(
        server.url, secret, lambda c: c.call_tool("archive_idea", {"idea_id": idea.pk})
    )
    assert result.is_error is False
    assert result.structured_content["status"] == "pending"
    assert result.structured_content["approval_id"]
    assert "approval" in result.content[0].text  # type: ignore[union-attr]
    idea.refresh_from_db()
    assert idea.archived is False


def test_the_legacy_handshake_era_works_too(server: Any, secret: str) -> None:
    result = with_client(
        server.url,
        secret,
        lambda c: c.call_tool("add_idea", {"title": "Legacy"}),
        mode="legacy",
    )
    assert result.is_error is False
    entry = AuditEntry.objects.get(action="add_idea")
    assert entry.idempotency_key.startswith("mcp:")  # session id + JSON-RPC request id


@pytest.mark.parametrize("header", [None, "Bearer stw_nope_nope", "Basic abc"])
def test_it_answers_401_without_a_valid_token(server: Any, header: str | None) -> None:
    headers = {"Content-Type": "application/json", "Accept": "application/json"}
    if header:
        headers["Authorization"] = header
    response = httpx.post(
        f"{server.url}/mcp",
        headers=headers,
        json={"jsonrpc": "2.0", "id": 1, "method": "tools/list"},
    )
    assert response.status_code == 401
    assert response.headers["www-authenticate"].startswith("Bearer")
    assert response.json()["error"]["code"] == "unauthenticated"
    assert "admin" in response.json()["error"]["message"]  # says how to get a token


def test_a_revoked_token_gets_401_saying_it_was_revoked(server: Any, alice: Any) -> None:
    token, secret = issue_token(name="gone", owner=alice, app="ideaboard")
    revoke_token(token_id=token.pk)
    response = httpx.post(
        f"{server.url}/mcp",
        headers={
            "Content-Type": "application/json",
            "Accept": "application/json",
            "Authorization": f"Bearer {secret}",
        },
        json={"jsonrpc": "2.0", "id": 1, "method": "tools/list"},
    )
    assert response.status_code == 401
    assert response.headers["www-authenticate"].startswith("Bearer")
    assert "revoked" in response.json()["error"]["message"]
