"""App pages update live from their feed: a REST action call (an agent's token) and an
outside change (ORM, like the admin) both reach an open page without a reload."""

from __future__ import annotations

import json
import urllib.error
import urllib.request

import pytest

from tests.conftest import PASSWORD
from tests.support.browser import login

pytestmark = pytest.mark.e2e


def open_board(browser, server):  # type: ignore[no-untyped-def]
    page = login(browser.new_context(), server.url, "alice", PASSWORD)
    page.goto(f"{server.url}/apps/ideaboard/")
    page.wait_for_function("document.body.dataset.liveFeed === 'open'", timeout=10_000)
    page.evaluate(
        "window.changes = []; document.body.addEventListener('steward:changed',"
        " (e) => window.changes.push(e.detail))"
    )
    return page


def test_a_rest_action_call_updates_an_open_app_page(server, browser, alice) -> None:  # type: ignore[no-untyped-def]
    from steward.access.services import issue_token

    _, secret = issue_token(name="codex", owner=alice, app="ideaboard")
    page = open_board(browser, server)
    request = urllib.request.Request(
        f"{server.url}/api/apps/ideaboard/actions/add_idea/",
        data=json.dumps({"title": "Made over REST"}).encode(),
        headers={"Authorization": f"Bearer {secret}", "Content-Type": "application/json"},
        method="POST",
    )
    try:
        with urllib.request.urlopen(request, timeout=10) as response:
            assert response.status in (200, 201)
    except urllib.error.HTTPError as exc:
        raise AssertionError(
            f"{exc}: {exc.read()[:500]!r}\n{server.log.read_text()[-3000:]}"
        ) from exc
    page.locator("#board >> text=Made over REST").wait_for(timeout=10_000)
    detail = page.evaluate("window.changes[0]")
    assert detail["action"] == "add_idea" and detail["actor"] == "token:codex"
    assert detail["model"] == "ideaboard.idea" and detail["op"] == "created"


def test_an_outside_change_updates_an_open_app_page(server, browser, alice) -> None:  # type: ignore[no-untyped-def]
    from apps.ideaboard.models import Idea

    page = open_board(browser, server)
    Idea.objects.create(title="Made in the shell")
    page.locator("#board >> text=Made in the shell").wait_for(timeout=10_000)
    assert page.evaluate("window.changes[0]")["actor"] == "outside"
