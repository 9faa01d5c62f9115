"""A person types a command on the session page; the reply streams and the app page updates.

Real daphne, real chromium, the real openai client in the server's runner thread talking to
the stand-in model server of this test.
"""

from __future__ import annotations

from typing import Any

import pytest

from tests.conftest import PASSWORD
from tests.support.browser import login
from tests.support.openai_standin import OpenAIStandIn, Reply
from tests.support.servers import Server

pytestmark = [pytest.mark.e2e, pytest.mark.slow]


def test_a_typed_command_streams_its_reply_and_updates_the_app_page_in_another_tab(
    browser: Any, model_server: Server, model: OpenAIStandIn, alice: Any
) -> None:
    from steward.live.services import create_session

    session = create_session(app="ideaboard", title="Board helper", created_by=alice)
    words = "Adding Kites to the inbox for you right now."
    model.script(
        Reply.calls(("add_idea", {"title": "Kites", "pitch": None}), text=words, delay=0.05),
        Reply.say("Kites is on the board.", delay=0.05),
    )
    context = browser.new_context()
    board = login(context, model_server.url, "alice", PASSWORD)
    board.goto(f"{model_server.url}/apps/ideaboard/")
    assert board.locator("text=Kites").count() == 0

    page = context.new_page()
    page.goto(f"{model_server.url}/sessions/{session.id}/")
    page.wait_for_function("window.stewardSession && window.stewardSession.state === 'open'")
    page.fill("#compose-text", "add an idea called Kites")
    page.click("button[value=say]")

    # The reply streams in (several deltas), then the run completes.
    page.wait_for_selector(".agent-message >> text=Adding Kites", timeout=30000)
    page.wait_for_function("window.stewardSession.outcome === 'completed'", timeout=40000)
    texts = page.evaluate("Object.values(window.stewardSession.texts)")
    assert words in texts and "Kites is on the board." in texts
    card = page.get_by_role("article").filter(has_text="Add idea")
    assert card.count() == 1
    assert card.locator(".outcome").inner_text() == "Done"  # words, not JSON
    assert "Kites" in card.locator(".card-args").inner_text()

    # The other tab's board picked up the change live (app.changed → htmx refresh).
    board.wait_for_selector("text=Kites", timeout=30000)
    assert model.requests[0]["messages"][-1]["content"] == "add an idea called Kites"
    context.close()


def test_stop_on_the_page_cancels_the_streaming_run_and_keeps_its_text(
    browser: Any, model_server: Server, model: OpenAIStandIn, alice: Any
) -> None:
    from steward.agents.models import Run
    from steward.live.services import create_session

    session = create_session(app="ideaboard", title="Long answer", created_by=alice)
    model.script(Reply.say(" ".join(f"word{i}" for i in range(3000)), delay=0.01))
    context = browser.new_context()
    login(context, model_server.url, "alice", PASSWORD)
    page = context.new_page()
    page.goto(f"{model_server.url}/sessions/{session.id}/")
    page.wait_for_function("window.stewardSession && window.stewardSession.state === 'open'")
    page.fill("#compose-text", "write a very long answer")
    page.click("button[value=say]")
    page.wait_for_selector(".agent-message >> text=word20", timeout=30000)
    page.click("button.stop")
    page.wait_for_function("window.stewardSession.outcome === 'cancelled'", timeout=20000)

    run = Run.objects.get(session_id=session.id)
    assert run.state == "cancelled" and run.output.startswith("word0 word1")
    shown = page.evaluate("Object.values(window.stewardSession.texts)")[0]
    assert shown == run.output  # the page shows exactly the partial text that was kept
    context.close()


def test_with_no_model_configured_the_demo_model_shows_the_whole_loop(
    browser: Any, demo_server: Server, alice: Any
) -> None:
    """`make run` with no key: the offline demo model answers, labelled, with a real call."""
    from steward.live.services import create_session

    session = create_session(app="ideaboard", title="Demo", created_by=alice)
    context = browser.new_context()
    board = login(context, demo_server.url, "alice", PASSWORD)
    board.goto(f"{demo_server.url}/apps/ideaboard/")
    page = context.new_page()
    page.goto(f"{demo_server.url}/sessions/{session.id}/")
    page.wait_for_function("window.stewardSession && window.stewardSession.state === 'open'")
    page.fill("#compose-text", "add an idea called Paper planes")
    page.click("button[value=say]")
    page.wait_for_function("window.stewardSession.outcome === 'completed'", timeout=40000)
    texts = page.evaluate("Object.values(window.stewardSession.texts)")
    assert texts and all(text.startswith("Demo model:") for text in texts)
    board.wait_for_selector("text=Paper planes", timeout=30000)
    context.close()


def test_an_admin_approves_a_waiting_call_on_the_session_page_and_the_run_goes_on(
    browser: Any, demo_server: Server, ada: Any
) -> None:
    from apps.ideaboard.models import Idea
    from steward.live.services import create_session

    Idea.objects.create(title="Kites")
    session = create_session(app="ideaboard", title="Tidy up", created_by=ada)
    context = browser.new_context()
    page = login(context, demo_server.url, "ada", PASSWORD)
    page.goto(f"{demo_server.url}/sessions/{session.id}/")
    page.wait_for_function("window.stewardSession && window.stewardSession.state === 'open'")
    page.get_by_role("textbox", name="Message").fill("archive Kites")
    page.get_by_role("button", name="Say").click()

    card = page.get_by_role("article").filter(has_text="Archive idea")
    card.locator(".outcome", has_text="Waiting for approval").wait_for(timeout=30000)
    card.get_by_role("textbox", name="Reason for the decision (optional)").fill("old idea")
    card.get_by_role("button", name="Approve").click()

    card.locator(".outcome", has_text="Done").wait_for(timeout=30000)
    page.wait_for_function("window.stewardSession.outcome === 'completed'", timeout=30000)
    assert Idea.objects.get().archived
    assert page.get_by_role("button", name="Stop").is_disabled()
    context.close()
