"""Undo an agent's run from the agent panel; the board updates in another tab (issue 13, 5)."""

from __future__ import annotations

from typing import Any

import pytest

from tests.conftest import PASSWORD
from tests.e2e.test_agent_panel import board, panel, say
from tests.support.browser import login

pytestmark = pytest.mark.e2e
WAIT = 30_000


def test_revert_of_an_agents_run_from_the_panel_updates_the_board_in_another_tab(
    browser: Any,
    demo_server: Any,
    ada: Any,
) -> None:
    from apps.ideaboard.models import Idea

    page = login(browser.new_context(), demo_server.url, "ada", PASSWORD)
    page.goto(f"{demo_server.url}/apps/ideaboard/")
    other = login(browser.new_context(), demo_server.url, "ada", PASSWORD)
    other.goto(f"{demo_server.url}/apps/ideaboard/")
    other.wait_for_function("document.body.dataset.liveFeed === 'open'", timeout=WAIT)

    say(page, "add an idea called Kites")
    board(other).get_by_text("Kites").wait_for(timeout=WAIT)
    page.wait_for_function("window.stewardPanel.outcome === 'completed'", timeout=WAIT)

    revert = panel(page).get_by_role("button", name="Revert")
    revert.click()
    panel(page).get_by_role("button", name="Reverted").wait_for(timeout=WAIT)

    board(other).get_by_text("Kites").wait_for(state="detached", timeout=WAIT)
    assert not Idea.objects.filter(title="Kites").exists()
