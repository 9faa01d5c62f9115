"""A record's history in a real browser: an agent's change, field by field, before → after."""

from __future__ import annotations

import pytest

from apps.ideaboard.models import Idea
from steward.access.actors import Actor
from steward.access.services import issue_token
from steward.actions.services import invoke
from tests.conftest import PASSWORD
from tests.support.browser import login

pytestmark = pytest.mark.e2e
WAIT = 30_000  # a bound on a hang; a loaded machine may be slow


def test_a_history_entry_shows_who_changed_what_before_and_after(server, browser, alice) -> None:  # type: ignore[no-untyped-def]
    idea = Idea.objects.create(title="Kites", pitch="Fly them")
    token, _ = issue_token(name="codex", owner=alice, app="ideaboard")
    invoke(actor=Actor.for_token(token), app="ideaboard", name="move_card",
           args={"idea_id": idea.pk, "column": "building"})  # fmt: skip

    page = login(browser.new_context(), server.url, "alice", PASSWORD)
    page.goto(f"{server.url}/apps/ideaboard/records/idea/{idea.pk}/")

    history = page.get_by_role("region", name="History")
    newest = history.get_by_role("listitem").first  # newest first: the agent's move
    newest.get_by_text("agent codex (for alice)").wait_for(timeout=WAIT)
    assert "move_card" in newest.inner_text()
    row = newest.get_by_role("row", name="Column")
    assert row.get_by_role("cell").all_inner_texts() == ["Inbox", "Building"]
    created = history.get_by_role("listitem").last  # the test's own create, "outside"
    assert "Outside Steward" in created.inner_text()
