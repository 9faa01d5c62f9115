"""A client-chosen idempotency key (in _meta) makes a retried MCP call act once."""

from __future__ import annotations

from typing import Any

import pytest

from apps.ideaboard.models import Idea
from steward.access.services import issue_token
from steward.audit.models import AuditEntry
from steward.mcp_server.handlers import IDEMPOTENCY_META_KEY
from tests.mcp.client import with_client

pytestmark = pytest.mark.slow


def test_a_retried_call_with_the_same_key_is_replayed(server: Any, alice: Any) -> None:
    _, secret = issue_token(name="codex", owner=alice, app="ideaboard")
    meta: Any = {IDEMPOTENCY_META_KEY: "retry-1"}

    async def twice(client: Any) -> tuple[Any, Any]:
        first = await client.call_tool("add_idea", {"title": "Once"}, meta=meta)
        return first, await client.call_tool("add_idea", {"title": "Once"}, meta=meta)

    first, second = with_client(server.url, secret, twice)
    assert first.is_error is False and second.is_error is False
    assert second.structured_content.get("replayed") is True
    assert second.structured_content["result"] == first.structured_content["result"]
    assert Idea.objects.filter(title="Once").count() == 1
    assert AuditEntry.objects.get(action="add_idea", status="ok").idempotency_key == "mcp:retry-1"


def test_the_same_key_with_other_arguments_is_a_tool_error(server: Any, alice: Any) -> None:
    _, secret = issue_token(name="codex", owner=alice, app="ideaboard")
    meta: Any = {IDEMPOTENCY_META_KEY: "retry-2"}

    async def differ(client: Any) -> Any:
        await client.call_tool("add_idea", {"title": "A"}, meta=meta)
        return await client.call_tool("add_idea", {"title": "B"}, meta=meta)

    result = with_client(server.url, secret, differ)
    assert result.is_error is True
    assert result.structured_content["error"]["code"] == "idempotency_conflict"
    assert not Idea.objects.filter(title="B").exists()
