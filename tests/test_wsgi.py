"""steward.wsgi under gunicorn serves the HTTP API while daphne serves the live feeds, as
deploy/ runs them: a change made through one reaches followers of the other."""

from __future__ import annotations

import asyncio
import json
import urllib.request
from pathlib import Path
from typing import Any

import pytest
import websockets

from apps.ideaboard.models import Idea
from steward.access.services import issue_token
from steward.audit.models import AuditEntry
from tests.live.wsclient import read_until, session_cookie
from tests.support.servers import Server, daphne_server, gunicorn_server

pytestmark = pytest.mark.slow


def _add_idea(web: Server, secret: str) -> tuple[int, dict[str, Any]]:
    request = urllib.request.Request(
        f"{web.url}/api/apps/ideaboard/actions/add_idea/",
        data=json.dumps({"title": "Served by gunicorn"}).encode(),
        headers={"Authorization": f"Bearer {secret}", "Content-Type": "application/json"},
        method="POST",
    )
    with urllib.request.urlopen(request, timeout=30) as response:
        return response.status, json.loads(response.read())


def changed(events: list[dict[str, Any]]) -> bool:
    return any(e.get("type") == "app.changed" for e in events)


def test_an_action_through_gunicorn_reaches_an_app_feed_on_daphne(
    transactional_db: None, tmp_path: Path, alice: Any
) -> None:
    _, secret = issue_token(app="ideaboard", owner=alice, name="codex")
    headers = {"Cookie": session_cookie(alice)}
    with gunicorn_server(tmp_path) as web, daphne_server(tmp_path) as live:

        async def scenario() -> tuple[int, list[dict[str, Any]]]:
            url = f"{live.ws_url}/ws/apps/ideaboard/"
            async with websockets.connect(url, additional_headers=headers) as feed:
                status, _ = await asyncio.to_thread(_add_idea, web, secret)
                return status, await read_until(feed, changed, timeout=30)

        status, events = asyncio.run(scenario())
    assert status == 200
    assert Idea.objects.filter(title="Served by gunicorn").exists()
    event = next(e for e in events if e.get("type") == "app.changed")
    assert event["data"]["model"] == "ideaboard.idea" and event["by"] == "token:codex"
    assert AuditEntry.objects.filter(action="add_idea").count() == 1
