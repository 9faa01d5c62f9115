"""The three Durable Sessions tests, on the agent panel beside the app (not only /sessions/<id>/).

A real agent run (the stand-in OpenAI-compatible model streams a long answer through the real
openai client in the server's runner) writes into the session the panel follows.
"""

from __future__ import annotations

import time
import urllib.request
from collections.abc import Iterator
from pathlib import Path
from typing import Any

import pytest

from tests.conftest import PASSWORD
from tests.support.browser import login
from tests.support.openai_standin import OpenAIStandIn, Reply
from tests.support.servers import HOOKS_SETTINGS, Server, daphne_server

pytestmark = [pytest.mark.e2e, pytest.mark.slow]

WORDS = 1500


@pytest.fixture
def hooked_server(transactional_db: Any, tmp_path: Path, model: OpenAIStandIn) -> Iterator[Server]:
    with daphne_server(tmp_path, settings=HOOKS_SETTINGS, **model.server_env()) as srv:
        yield srv


def long_answer(model: OpenAIStandIn, delay: float = 0.01) -> None:
    model.script(Reply.say(" ".join(f"word{i}" for i in range(WORDS)), delay=delay))


def open_board(context: Any, server: Server) -> Any:
    page = context.new_page()
    page.goto(f"{server.url}/apps/ideaboard/")
    return page


def panel(page: Any) -> Any:
    return page.get_by_role("region", name="Agent")


def start(page: Any, text: str) -> None:
    panel(page).get_by_role("textbox", name="Message").fill(text)
    panel(page).get_by_role("button", name="Send").click()


def outcome(page: Any) -> str:
    page.wait_for_function("window.stewardPanel.outcome !== null", timeout=60000)
    return str(page.evaluate("window.stewardPanel.outcome"))


def shown_text(page: Any) -> str:
    texts = panel(page).locator(".agent-message .text").all_inner_texts()
    assert len(texts) == 1, texts
    return str(page.evaluate("Object.values(window.stewardPanel.texts)[0]"))


def cut_server_sockets(server: Server, session_id: str) -> int:
    request = urllib.request.Request(
        f"{server.url}/__live__/close?session={session_id}", method="POST"
    )
    with urllib.request.urlopen(request, timeout=5) as response:
        return int(response.read().decode().split(":")[1].strip(" }"))


def test_the_panel_recovers_from_disconnects_with_the_exact_text(
    browser: Any, hooked_server: Server, model: OpenAIStandIn, alice: Any
) -> None:
    from steward.agents.models import Run
    from steward.live import services

    long_answer(model)
    context = browser.new_context()
    login(context, hooked_server.url, "alice", PASSWORD)
    page = open_board(context, hooked_server)
    start(page, "write a long answer")
    panel(page).locator(".agent-message", has_text="word10").wait_for(timeout=30000)
    session_id = page.evaluate("window.stewardPanel.sessionId")
    cuts = 0
    for _ in range(3):
        context.set_offline(True)
        time.sleep(0.5)
        context.set_offline(False)
        time.sleep(1.0)
        cuts += cut_server_sockets(hooked_server, session_id)
        time.sleep(1.0)
    assert cuts >= 3

    assert outcome(page) == "completed"
    run = Run.objects.get()
    assert shown_text(page) == run.output
    tail = services.tail(f"session:{session_id}")
    page.wait_for_function(f"window.stewardPanel.lastSeq >= {tail}", timeout=10000)  # all of it
    assert page.evaluate("window.stewardPanel.reconnects") >= 3
    assert panel(page).locator(".user-message").count() == 1
    context.close()


def test_a_second_device_opening_the_app_mid_run_shows_the_same_session_and_text(
    browser: Any, hooked_server: Server, model: OpenAIStandIn, alice: Any
) -> None:
    from steward.agents.models import Run

    long_answer(model)
    laptop = browser.new_context()
    login(laptop, hooked_server.url, "alice", PASSWORD)
    page_a = open_board(laptop, hooked_server)
    start(page_a, "write a long answer")
    panel(page_a).locator(".agent-message", has_text="word50").wait_for(timeout=30000)

    phone = browser.new_context(viewport={"width": 390, "height": 844})
    login(phone, hooked_server.url, "alice", PASSWORD)
    page_b = open_board(phone, hooked_server)
    presence = panel(page_b).locator(".ap-presence", has_text="you (controls)")
    presence.wait_for(state="attached", timeout=15000)  # the phone starts with it collapsed

    assert outcome(page_a) == outcome(page_b) == "completed"
    assert page_a.evaluate("window.stewardPanel.sessionId") == page_b.evaluate(
        "window.stewardPanel.sessionId"
    )
    run = Run.objects.get()
    assert shown_text(page_a) == shown_text(page_b) == run.output
    laptop.close()
    phone.close()


def test_stop_in_one_tab_cancels_the_run_sent_from_another_and_both_keep_the_partial_text(
    browser: Any, hooked_server: Server, model: OpenAIStandIn, alice: Any
) -> None:
    from steward.agents.models import Run

    long_answer(model, delay=0.02)
    context = browser.new_context()
    login(context, hooked_server.url, "alice", PASSWORD)
    page_a = open_board(context, hooked_server)
    start(page_a, "write a long answer")
    panel(page_a).locator(".agent-message", has_text="word5").wait_for(timeout=30000)
    page_b = open_board(context, hooked_server)
    stop = panel(page_b).get_by_role("button", name="Stop")
    panel(page_b).locator(".agent-message", has_text="word20").wait_for(timeout=30000)
    assert stop.is_enabled()
    stop.click()

    assert outcome(page_a) == outcome(page_b) == "cancelled"
    run = Run.objects.get()
    assert run.state == "cancelled" and 0 < len(run.output.split()) < WORDS
    for page in (page_a, page_b):
        assert shown_text(page) == run.output
        assert "stopped by you" in panel(page).locator(".run-header").inner_text()
        assert panel(page).get_by_role("button", name="Stop").is_disabled()
    context.close()
