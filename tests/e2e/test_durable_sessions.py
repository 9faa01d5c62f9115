"""The three Durable Sessions tests in a real browser (Debian chromium via Playwright).

A writer streams 2,000 deltas at about 100/s into a session from outside the server
process (its own thread here, writing to the shared database), so every byte a page shows
travelled log -> wake-up (or tail check) -> hub -> WebSocket -> durable-session.js.
"""

from __future__ import annotations

import threading
import time
import urllib.request
from collections.abc import Iterator
from pathlib import Path
from typing import Any

import pytest

from steward.live import services
from steward.live.demo import DemoResult, full_text
from tests.conftest import PASSWORD
from tests.support.browser import login
from tests.support.servers import HOOKS_SETTINGS, Server, daphne_server

pytestmark = [pytest.mark.e2e, pytest.mark.slow]

DELTAS = 2000
RATE = 100


@pytest.fixture
def hooked_server(transactional_db: Any, tmp_path: Path) -> Iterator[Server]:
    with daphne_server(tmp_path, settings=HOOKS_SETTINGS) as srv:
        yield srv


class Writer(threading.Thread):
    def __init__(self, session_id: str) -> None:
        super().__init__(daemon=True)
        self.session_id = session_id
        self.result: DemoResult | None = None

    def run(self) -> None:
        from tests.live.writer import synthetic_run

        self.result = synthetic_run(session_id=self.session_id, events=DELTAS, rate=RATE)


def open_session(browser: Any, server: Server, session_id: str) -> tuple[Any, Any]:
    context = browser.new_context()
    page = login(context, server.url, "alice", PASSWORD)
    page.goto(f"{server.url}/sessions/{session_id}/")
    page.wait_for_function("window.stewardSession && window.stewardSession.state === 'open'")
    return context, page


def wait_for_outcome(page: Any, timeout_s: float = 45) -> str:
    page.wait_for_function("window.stewardSession.outcome !== null", timeout=int(timeout_s * 1000))
    return str(page.evaluate("window.stewardSession.outcome"))


def page_text(page: Any) -> str:
    texts = page.eval_on_selector_all("[data-message] .text", "els => els.map(e => e.textContent)")
    assert len(texts) == 1
    return str(texts[0])


def close_server_sockets(server: Server, session_id: str) -> int:
    request = urllib.request.Request(
        f"{server.url}/__live__/close?session={session_id}", method="POST"
    )
    with urllib.request.urlopen(request, timeout=5) as response:
        return int(response.read().decode().split(":")[1].strip(" }"))


def test_disconnect_recovery_gives_the_exact_text(browser, hooked_server, alice):
    session = services.create_session(app="ideaboard", title="recovery", created_by=alice)
    context, page = open_session(browser, hooked_server, session.id)
    writer = Writer(session.id)
    writer.start()
    cuts = 0
    for round in range(3):
        time.sleep(2.5)
        context.set_offline(True)
        time.sleep(0.8)
        context.set_offline(False)
        time.sleep(1.5)
        cuts += close_server_sockets(hooked_server, session.id)
        assert round < 3
    assert cuts >= 3
    writer.join(timeout=60)
    assert wait_for_outcome(page) == "completed"
    assert page_text(page) == full_text(DELTAS)
    assert page.evaluate("window.stewardSession.lastSeq") == services.tail(session.stream_key)
    assert page.evaluate("window.stewardSession.reconnects") >= 3
    context.close()


def test_a_second_device_joining_mid_stream_ends_with_the_same_transcript(
    browser, hooked_server, alice
):
    session = services.create_session(app="ideaboard", title="two devices", created_by=alice)
    first, page_a = open_session(browser, hooked_server, session.id)
    writer = Writer(session.id)
    writer.start()
    time.sleep(6)
    second, page_b = open_session(browser, hooked_server, session.id)
    # Presence comes as current state with the socket (no presence events in the log).
    page_b.locator(".presence", has_text="you").wait_for(timeout=15000)
    writer.join(timeout=60)
    assert wait_for_outcome(page_a) == wait_for_outcome(page_b) == "completed"
    assert page_text(page_a) == page_text(page_b) == full_text(DELTAS)
    first.close()
    second.close()


def test_stop_in_one_tab_cancels_the_run_started_in_another(browser, hooked_server, alice):
    session = services.create_session(app="ideaboard", title="cancel", created_by=alice)
    context, page_a = open_session(browser, hooked_server, session.id)
    page_b = context.new_page()
    page_b.goto(f"{hooked_server.url}/sessions/{session.id}/")
    page_b.wait_for_function("window.stewardSession && window.stewardSession.state === 'open'")
    writer = Writer(session.id)
    writer.start()
    page_b.wait_for_function("Object.values(window.stewardSession.texts).join('').length > 200")
    page_b.click("button.stop")
    writer.join(timeout=30)
    assert writer.result is not None
    assert writer.result.outcome == "cancelled" and writer.result.stopped_by == "user:alice"
    assert writer.result.deltas < DELTAS
    for page in (page_a, page_b):
        assert wait_for_outcome(page) == "cancelled"
        assert page.inner_text(".note.stop") == "you asked the agent to stop"
        header = page.locator(".run-header[data-state=cancelled]").inner_text()
        assert header.count("stopped by you") == 1
        assert page_text(page) == full_text(writer.result.deltas)
    context.close()
