"""The agent panel beside an app: a typed command, its card, the board changing beside it.

Real daphne, real chromium; the offline demo model (no model server configured) or the
stand-in OpenAI-compatible server for a long streaming reply.
"""

from __future__ import annotations

from typing import Any

import pytest

from tests.conftest import PASSWORD
from tests.support.browser import login
from tests.support.openai_standin import OpenAIStandIn, Reply
from tests.support.servers import Server

pytestmark = [pytest.mark.e2e, pytest.mark.slow]


def panel(page: Any) -> Any:
    return page.get_by_role("region", name="Agent")


def say(page: Any, text: str) -> None:
    agent = panel(page)
    agent.get_by_role("textbox", name="Message").fill(text)
    agent.get_by_role("button", name="Send").click()


def board(page: Any) -> Any:
    return page.locator("#board")


def test_a_command_typed_in_the_panel_shows_its_card_and_changes_the_board_in_both_tabs(
    browser: Any, demo_server: Server, alice: Any
) -> None:
    context = browser.new_context()
    page = login(context, demo_server.url, "alice", PASSWORD)
    page.goto(f"{demo_server.url}/apps/ideaboard/")
    other = context.new_page()
    other.goto(f"{demo_server.url}/apps/ideaboard/")
    assert board(page).get_by_text("Kites").count() == 0

    say(page, "add an idea called Kites")

    card = panel(page).locator(".tool-card[data-action=add_idea]")
    card.locator(".outcome", has_text="Done").wait_for(timeout=30000)
    assert "title “Kites”" in card.locator(".card-args").inner_text()
    board(page).get_by_text("Kites").wait_for(timeout=30000)  # same page, no reload
    board(other).get_by_text("Kites").wait_for(timeout=30000)  # second tab, no reload
    # A tab opened now (or another device) shows the same session at the same point.
    third = context.new_page()
    third.goto(f"{demo_server.url}/apps/ideaboard/")
    panel(third).locator(".tool-card[data-action=add_idea] .outcome", has_text="Done").wait_for(
        timeout=30000
    )
    assert panel(third).locator(".user-message").count() == 1
    page.wait_for_function("window.stewardPanel.outcome === 'completed'", timeout=30000)
    assert panel(page).get_by_role("button", name="Stop").is_disabled()
    context.close()


def test_a_reload_mid_run_resumes_the_transcript_with_nothing_lost_or_doubled(
    browser: Any, model_server: Server, model: OpenAIStandIn, alice: Any
) -> None:
    from steward.agents.models import Run

    model.script(Reply.say(" ".join(f"word{i}" for i in range(400)), delay=0.01))
    context = browser.new_context()
    page = login(context, model_server.url, "alice", PASSWORD)
    page.goto(f"{model_server.url}/apps/ideaboard/")
    say(page, "write a long answer")
    panel(page).locator(".agent-message", has_text="word30").wait_for(timeout=30000)
    assert panel(page).get_by_role("button", name="Stop").is_enabled()  # something runs

    page.reload()
    page.wait_for_function("window.stewardPanel.outcome === 'completed'", timeout=40000)

    run = Run.objects.get()
    assert run.state == "completed"
    assert page.evaluate("Object.values(window.stewardPanel.texts)") == [run.output]
    assert panel(page).locator(".user-message").count() == 1
    assert panel(page).locator(".run-header").count() == 1
    assert panel(page).get_by_role("button", name="Stop").is_disabled()
    context.close()


def test_archiving_asks_for_approval_and_approve_in_the_panel_takes_the_card_off_the_board(
    browser: Any, demo_server: Server, ada: Any
) -> None:
    from apps.ideaboard.models import Idea

    Idea.objects.create(title="Kites")
    context = browser.new_context()
    page = login(context, demo_server.url, "ada", PASSWORD)
    page.goto(f"{demo_server.url}/apps/ideaboard/")
    board(page).get_by_text("Kites").wait_for()

    say(page, "archive Kites")
    card = panel(page).locator(".tool-card[data-action=archive_idea]")
    card.locator(".outcome", has_text="Waiting for approval").wait_for(timeout=30000)
    card.get_by_role("button", name="Approve").click()

    card.locator(".outcome", has_text="Done").wait_for(timeout=30000)
    board(page).get_by_text("Kites").wait_for(state="detached", timeout=30000)
    page.wait_for_function("window.stewardPanel.outcome === 'completed'", timeout=30000)
    assert Idea.objects.get().archived
    context.close()


def test_an_approval_decided_from_the_inbox_by_another_admin_resumes_the_run_in_the_panel(
    browser: Any, demo_server: Server, ada: Any, grace: Any
) -> None:
    from apps.ideaboard.models import Idea

    Idea.objects.create(title="Kites")
    asker = browser.new_context()
    page = login(asker, demo_server.url, "ada", PASSWORD)
    page.goto(f"{demo_server.url}/apps/ideaboard/")
    say(page, "archive Kites")
    card = panel(page).locator(".tool-card[data-action=archive_idea]")
    card.locator(".outcome", has_text="Waiting for approval").wait_for(timeout=30000)

    decider = browser.new_context()
    inbox = login(decider, demo_server.url, "grace", PASSWORD)
    inbox.goto(f"{demo_server.url}/approvals/")
    row = inbox.locator(".approval-row", has_text="Archive idea")
    assert "Idea #" in row.inner_text() and "“Kites”" in row.inner_text()
    row.get_by_role("button", name="Approve").click()
    inbox.get_by_text("Nothing waits for your decision.").wait_for()

    card.locator(".outcome", has_text="Done").wait_for(timeout=30000)
    board(page).get_by_text("Kites").wait_for(state="detached", timeout=30000)
    asker.close()
    decider.close()


def test_an_operator_waits_for_an_admin_and_may_stop_the_waiting_run(
    browser: Any, demo_server: Server, alice: Any
) -> None:
    from apps.ideaboard.models import Idea
    from steward.actions.models import Approval

    Idea.objects.create(title="Kites")
    context = browser.new_context()
    page = login(context, demo_server.url, "alice", PASSWORD)
    page.goto(f"{demo_server.url}/apps/ideaboard/")
    say(page, "archive Kites")
    card = panel(page).locator(".tool-card[data-action=archive_idea]")
    card.get_by_text("Waiting for an admin").wait_for(timeout=30000)
    assert card.get_by_role("button", name="Approve").count() == 0

    panel(page).get_by_role("button", name="Stop").click()  # a parked run is still running
    card.locator(".outcome", has_text="Not made: the run ended first").wait_for(timeout=30000)
    page.wait_for_function("window.stewardPanel.outcome === 'cancelled'", timeout=30000)
    assert panel(page).get_by_role("button", name="Stop").is_disabled()
    assert Approval.objects.get().state == "pending" and not Idea.objects.get().archived
    context.close()


def test_an_empty_session_shows_the_demo_models_commands_and_new_session_starts_afresh(
    browser: Any, demo_server: Server, alice: Any
) -> None:
    context = browser.new_context()
    page = login(context, demo_server.url, "alice", PASSWORD)
    page.goto(f"{demo_server.url}/apps/ideaboard/")
    agent = panel(page)
    agent.get_by_text("Demo model (offline).").wait_for()
    agent.get_by_role("button", name="add an idea called Tea tasting").click()
    assert agent.get_by_role("textbox", name="Message").input_value() == (
        "add an idea called Tea tasting"
    )
    agent.get_by_role("button", name="Send").click()
    page.wait_for_function("window.stewardPanel.outcome === 'completed'", timeout=30000)
    first = page.evaluate("window.stewardPanel.sessionId")

    agent.get_by_role("button", name="New session").click()
    assert agent.locator(".ap-transcript .ap-item").count() == 0
    say(page, "list ideas")
    page.wait_for_function("window.stewardPanel.outcome === 'completed'", timeout=30000)
    assert page.evaluate("window.stewardPanel.sessionId") != first

    page.reload()  # the current session is the one with the latest activity
    page.wait_for_function("window.stewardPanel.outcome === 'completed'", timeout=30000)
    assert agent.locator(".tool-card[data-action=list_ideas]").count() == 1
    assert agent.locator(".tool-card[data-action=add_idea]").count() == 0
    context.close()


def test_a_message_sent_while_a_run_works_is_queued_and_the_panel_says_why(
    browser: Any, model_server: Server, model: OpenAIStandIn, alice: Any
) -> None:
    model.script(
        Reply.say(" ".join(f"word{i}" for i in range(300)), delay=0.01),
        Reply.say("The second answer.", delay=0.01),
    )
    context = browser.new_context()
    page = login(context, model_server.url, "alice", PASSWORD)
    page.goto(f"{model_server.url}/apps/ideaboard/")
    say(page, "write a long answer")
    panel(page).locator(".agent-message", has_text="word10").wait_for(timeout=30000)
    say(page, "then a short one")

    queue = panel(page).locator(".ap-queue")
    why = "1 message queued: it starts when the current run ends."
    panel(page).locator(".ap-queue", has_text=why).wait_for(timeout=30000)
    panel(page).locator(".agent-message", has_text="The second answer.").wait_for(timeout=40000)
    page.wait_for_function(
        "[...document.querySelectorAll('.run-header')].map(h => h.dataset.state).join() "
        "=== 'completed,completed'",
        timeout=30000,
    )
    queue.wait_for(state="hidden", timeout=10000)
    context.close()
