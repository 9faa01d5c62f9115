"""Skills are offered as MCP resources."""

from __future__ import annotations

from typing import Any

import pytest

from steward.access.services import issue_token
from steward.skills.services import save_version
from tests.mcp.client import with_client

pytestmark = pytest.mark.slow

TEXT = "---\nname: ideaboard\ndescription: Operate the idea board.\n---\n\n# Idea Board\n"


def test_skills_are_listed_and_readable_as_resources(server: Any, alice: Any) -> None:
    save_version(name="ideaboard", app="ideaboard", content=TEXT, author="generator")
    _, secret = issue_token(name="codex", owner=alice, app="ideaboard")

    async def use(client: Any) -> tuple[Any, Any]:
        listed = await client.list_resources()
        uri = next(r.uri for r in listed.resources if r.name == "ideaboard")
        return listed, await client.read_resource(uri)

    listed, read = with_client(server.url, secret, use)
    [resource] = [r for r in listed.resources if r.name == "ideaboard"]
    assert resource.mime_type == "text/markdown"
    assert str(resource.uri).endswith("/skills/ideaboard/SKILL.md")
    assert read.contents[0].text == TEXT
