"""A failing model server ends the run ``failed`` with a readable message; the session goes on."""

from __future__ import annotations

from typing import Any

import pytest

from tests.agents.conftest import finished, say, transcript
from tests.support.openai_standin import OpenAIStandIn, Reply


@pytest.mark.parametrize(
    ("reply", "expected"),
    [
        (Reply.fail(500, "The engine is overloaded"), "answered HTTP 500: "),
        (Reply(hang=10), "did not answer within 1 s"),
        (Reply(text="cut", malformed=True), "malformed"),
    ],
    ids=["http-500", "timeout", "malformed-stream"],
)
def test_a_model_failure_fails_the_run_readably_and_the_session_keeps_working(
    model: OpenAIStandIn, session: Any, alice: Any, settings: Any, reply: Reply, expected: str
) -> None:
    settings.STEWARD_MODEL_TIMEOUT = 1
    model.script(reply, Reply.say("Back to normal."))
    run = finished(say(session.id, "hello", alice).id)

    assert run.state == "failed"
    assert expected in run.error and model.base_url.rsplit("/", 1)[0] in run.error
    failed = [e for e in transcript(session.id) if e["type"] == "run.failed"]
    assert failed[-1]["data"]["message"] == run.error

    again = finished(say(session.id, "hello again", alice).id)
    assert again.state == "completed" and again.output == "Back to normal."


def test_an_unreachable_model_server_says_to_check_the_base_url(
    model: OpenAIStandIn, session: Any, alice: Any, settings: Any
) -> None:
    from tests.support.servers import free_port

    settings.OPENAI_BASE_URL = f"http://127.0.0.1:{free_port()}/v1"
    run = finished(say(session.id, "hello", alice).id)
    assert run.state == "failed" and "Check OPENAI_BASE_URL" in run.error
