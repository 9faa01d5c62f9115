"""A person's command becomes Safe Action calls, audited with the session and run ids."""

from __future__ import annotations

import json
from typing import Any

from apps.ideaboard.models import Idea
from tests.agents.conftest import finished, say, transcript, types
from tests.support.openai_standin import OpenAIStandIn, Reply


def test_a_command_calls_the_right_action_and_streams_the_transcript(
    model: OpenAIStandIn, session: Any, alice: Any
) -> None:
    from steward.audit.models import AuditEntry

    model.script(
        Reply.calls(("add_idea", {"title": "Tea tasting", "pitch": None}), text="On it."),
        Reply.say("I added Tea tasting to the inbox."),
    )
    run = finished(say(session.id, "add an idea called Tea tasting", alice).id)

    assert run.state == "completed", run.error
    assert Idea.objects.get().title == "Tea tasting"
    assert types(session.id) == [
        "run.started",
        "run.delta",
        "run.tool_call",
        "run.tool_result",
        "run.delta",
        "run.completed",
    ]
    events = transcript(session.id)
    result = next(e for e in events if e["type"] == "run.tool_result")
    assert (
        result["data"]["status"] == "ok"
        and result["data"]["result"]["result"]["title"] == "Tea tasting"
    )
    assert result["run"] == run.id and result["agent"] == "main" and result["by"] == "agent:main"
    done = events[-1]
    assert done["data"]["usage"]["total_tokens"] == run.total_tokens > 0
    assert run.output == "On it.\n\nI added Tea tasting to the inbox."
    assert run.steps == 2 and run.timings["first_token_ms"] > 0

    entry = AuditEntry.objects.get(action="add_idea")
    assert entry.session_id == session.id and entry.run_id == run.id
    assert entry.actor_label.startswith("token:agent run ") and entry.user == alice

    # What the model was sent: system instructions, the prompt, strict tools; then the result.
    first, second = model.requests
    system = first["messages"][0]
    assert system["role"] == "system" and "ideaboard" in system["content"]
    from steward.skills.services import current_skill_text

    skill = current_skill_text("ideaboard")
    assert skill and skill.strip()[:200] in system["content"]  # the app's skill is loaded
    assert first["messages"][-1] == {"role": "user", "content": "add an idea called Tea tasting"}
    tools = {t["function"]["name"]: t["function"] for t in first["tools"]}
    assert {"add_idea", "move_card", "list_ideas", "delegate"} <= set(tools)
    assert tools["add_idea"]["strict"] is True
    assert first["stream"] is True and first["stream_options"] == {"include_usage": True}
    tool_message = second["messages"][-1]
    assert (
        tool_message["role"] == "tool"
        and json.loads(tool_message["content"])["result"]["title"] == "Tea tasting"
    )


def test_the_change_reaches_the_apps_live_feed(
    model: OpenAIStandIn, session: Any, alice: Any
) -> None:
    from steward.live.models import app_stream
    from steward.live.services import read

    model.script(Reply.calls(("add_idea", {"title": "Kites"})), Reply.say("Done."))
    run = finished(say(session.id, "add Kites", alice).id)
    changed = [e for e in read(app_stream("ideaboard"), after=0) if e.type == "app.changed"]
    assert run.state == "completed"
    assert changed and changed[-1].data["action"] == "add_idea"


def test_parallel_tool_calls_all_run(model: OpenAIStandIn, session: Any, alice: Any) -> None:
    model.script(
        Reply.calls(("add_idea", {"title": "One"}), ("add_idea", {"title": "Two"})),
        Reply.say("Both added."),
    )
    run = finished(say(session.id, "add One and Two", alice).id)
    assert run.state == "completed"
    assert sorted(Idea.objects.values_list("title", flat=True)) == ["One", "Two"]
    tool_messages = [m for m in model.requests[1]["messages"] if m["role"] == "tool"]
    assert len(tool_messages) == 2


def test_invalid_arguments_come_back_to_the_model_which_corrects_the_call(
    model: OpenAIStandIn, session: Any, alice: Any
) -> None:
    model.script(
        Reply.calls(("score_idea", {"idea_id": 1, "score": 42})),
        Reply.calls(("add_idea", '{"title": "Broken')),  # not JSON at all
        Reply.calls(("delete_everything", {})),
        Reply.calls(("add_idea", {"title": "Fixed"})),
        Reply.say("Added Fixed."),
    )
    run = finished(say(session.id, "add Fixed", alice).id)
    assert run.state == "completed"
    results = [e["data"] for e in transcript(session.id) if e["type"] == "run.tool_result"]
    codes = [r["result"].get("error", {}).get("code") for r in results]
    assert codes == ["invalid", "invalid", "not_found", None]
    assert "score" in results[0]["result"]["error"]["fields"]
    assert "not valid JSON" in results[1]["result"]["error"]["message"]
    assert "add_idea" in results[2]["result"]["error"]["message"]  # lists the real tools
    assert Idea.objects.get().title == "Fixed"


def test_a_viewers_run_would_be_refused(model: OpenAIStandIn, session: Any, bob: Any) -> None:
    import pytest

    from steward.access.actors import Actor
    from steward.agents.exceptions import CannotStartRun
    from steward.agents.services import say
    from steward.live.models import Event

    with pytest.raises(CannotStartRun, match="operator role"):
        say(session_id=session.id, text="add x", actor=Actor.for_user(bob))
    assert not Event.objects.filter(type="session.message").exists()  # nothing half-written


def test_the_step_limit_ends_the_run_with_a_readable_message(
    model: OpenAIStandIn, session: Any, alice: Any, settings: Any
) -> None:
    settings.STEWARD_MAX_STEPS = 2
    model.script(Reply.calls(("list_ideas", {})), Reply.calls(("list_ideas", {})))
    run = finished(say(session.id, "loop forever", alice).id)
    assert run.state == "failed" and "STEWARD_MAX_STEPS" in run.error


def test_an_app_may_ask_for_its_own_model(
    model: OpenAIStandIn, session: Any, alice: Any, monkeypatch: Any
) -> None:
    from steward.hosting.registry import hosted_apps

    monkeypatch.setattr(
        hosted_apps.get("ideaboard").config, "agent_model", "big-model", raising=False
    )
    model.script(Reply.say("Hi."))
    run = finished(say(session.id, "hi", alice).id)
    assert run.model == "big-model" and model.requests[0]["model"] == "big-model"


def test_steer_service_targets_the_run(model: OpenAIStandIn, session: Any, alice: Any) -> None:
    import threading
    import time

    from steward.agents.services import steer

    gate = threading.Event()
    model.script(Reply.say("Working", gate=gate), Reply.say("Done, shorter."))
    run = say(session.id, "write", alice)
    deadline = time.monotonic() + 10
    while not model.requests:
        assert time.monotonic() < deadline
        time.sleep(0.01)
    steer(session_id=run.session_id, text="shorter please", by="user:alice", run=run.id)
    time.sleep(0.1)
    gate.set()
    run = finished(run.id)
    assert run.steps == 2 and "shorter please" in model.requests[1]["messages"][-1]["content"]


def test_run_started_goes_out_with_the_first_text_in_one_append(
    model: OpenAIStandIn, session: Any, alice: Any
) -> None:
    model.script(Reply.say("Hello there."))
    run = finished(say(session.id, "hi", alice).id)
    started, first = [e for e in transcript(session.id) if e.get("run") == run.id][:2]
    assert (started["type"], first["type"]) == ("run.started", "run.delta")
    assert first["seq"] == started["seq"] + 1 and first["ts"] == started["ts"]


def test_run_started_shows_while_a_slow_model_is_still_silent(
    model: OpenAIStandIn, session: Any, alice: Any
) -> None:
    import threading

    from tests.agents.test_control import wait_until

    gate = threading.Event()  # the model sends its first (empty) chunk, then waits
    model.script(Reply.say("At last.", gate=gate))
    run = say(session.id, "hi", alice)
    try:
        wait_until(lambda: "run.started" in types(session.id))
        assert "run.delta" not in types(session.id)
    finally:
        gate.set()
    assert finished(run.id).output == "At last."


def test_a_runs_tools_are_fixed_when_it_starts_and_every_call_is_checked_again(
    model: OpenAIStandIn, session: Any, alice: Any
) -> None:
    import threading

    from steward.access.models import Membership
    from steward.agents.models import Run
    from tests.agents.test_control import wait_until

    gate = threading.Event()
    model.script(Reply.calls(("add_idea", {"title": "Kites"}), gate=gate), Reply.say("No."))
    run = say(session.id, "add Kites", alice)
    wait_until(lambda: bool(model.requests))
    assert "add_idea" in Run.objects.get(pk=run.pk).tool_names  # alice's role at the start
    assert "add_idea" in {t["function"]["name"] for t in model.requests[0]["tools"]}

    Membership.objects.filter(user=alice, app="ideaboard").update(role="viewer")
    gate.set()
    assert finished(run.id).state == "completed"
    result = next(e for e in transcript(session.id) if e["type"] == "run.tool_result")
    assert result["data"]["status"] == "error", result
    assert "operator" in json.dumps(result["data"]["result"])  # says which role it needs
    assert not Idea.objects.exists()
