"""STEWARD_MODEL_API=responses: the same run over the Responses API (streamed events)."""

from __future__ import annotations

import json
from typing import Any

from apps.ideaboard.models import Idea
from tests.agents.conftest import finished, say, types
from tests.support.openai_standin import OpenAIStandIn, Reply


def test_a_command_runs_over_the_responses_api(
    model: OpenAIStandIn, session: Any, alice: Any, settings: Any
) -> None:
    settings.STEWARD_MODEL_API = "responses"
    model.script(
        Reply.calls(("add_idea", {"title": "Kites"}), text="Adding it."),
        Reply.say("Kites is on the board."),
    )
    run = finished(say(session.id, "add an idea called Kites", alice).id)

    assert run.state == "completed", run.error
    assert Idea.objects.get().title == "Kites"
    assert run.output == "Adding it.\n\nKites is on the board." and run.total_tokens > 0
    assert types(session.id)[:4] == ["run.started", "run.delta", "run.tool_call", "run.tool_result"]
    first, second = model.requests
    assert "ideaboard" in first["instructions"] and first["store"] is False
    assert first["input"] == [{"role": "user", "content": "add an idea called Kites"}]
    tool = next(t for t in first["tools"] if t["name"] == "add_idea")
    assert tool["type"] == "function" and tool["strict"] is True
    call, output = second["input"][-2:]
    assert call["type"] == "function_call" and call["name"] == "add_idea"
    assert output["type"] == "function_call_output" and output["call_id"] == call["call_id"]
    assert json.loads(output["output"])["result"]["title"] == "Kites"


def test_a_malformed_responses_stream_fails_the_run_readably(
    model: OpenAIStandIn, session: Any, alice: Any, settings: Any
) -> None:
    settings.STEWARD_MODEL_API = "responses"
    model.script(Reply(text="x", malformed=True))
    run = finished(say(session.id, "hello", alice).id)
    assert run.state == "failed" and "malformed" in run.error
