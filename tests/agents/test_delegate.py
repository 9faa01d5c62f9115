"""Sub-agents: the delegate tool starts concurrent child runs writing into the same session."""

from __future__ import annotations

import json
import threading
import time
from typing import Any

import pytest

from apps.ideaboard.models import Idea
from steward.agents import services as sessions
from tests.agents.conftest import finished, say, transcript
from tests.support.openai_standin import OpenAIStandIn, Reply

TASKS = [
    {"agent": "scout", "instructions": "Add the idea Kites", "tools": ["add_idea"]},
    {"agent": "critic", "instructions": "Add the idea Tea", "tools": ["add_idea", "archive_idea"]},
]


def scripted(release: threading.Event | None = None) -> Any:
    def reply(body: dict[str, Any]) -> Reply:
        messages = body["messages"]
        system, last = messages[0]["content"], messages[-1]
        if "You are the sub-agent" in system:
            if last["role"] == "tool":
                return Reply.say(f"Added {json.loads(last['content'])['result']['title']}.")
            if release is not None:
                release.wait(10)
            return Reply.calls(("add_idea", {"title": last["content"].rsplit(" ", 1)[-1]}))
        if last["role"] == "tool":
            results = json.loads(last["content"])["results"]
            return Reply.say("Sub-agents said: " + " / ".join(r["output"] for r in results))
        return Reply.calls(("delegate", {"tasks": TASKS}))

    return reply


def test_sub_agents_run_concurrently_in_the_same_session_and_report_back(
    model: OpenAIStandIn, session: Any, alice: Any
) -> None:
    from steward.agents.models import Run

    model.default = scripted()
    run = finished(say(session.id, "split the work", alice).id)

    assert run.state == "completed", run.error
    assert sorted(Idea.objects.values_list("title", flat=True)) == ["Kites", "Tea"]
    children = Run.objects.filter(parent=run).order_by("agent")
    assert [(c.agent, c.state) for c in children] == [
        ("critic", "completed"),
        ("scout", "completed"),
    ]
    assert children[1].tool_names == ["add_idea"]
    assert "Added Kites." in run.output and "Added Tea." in run.output
    events = transcript(session.id)
    agents = {e.get("agent") for e in events if e["type"].startswith("run.")}
    assert agents == {"main", "scout", "critic"}
    scout_calls = [e for e in events if e["type"] == "run.tool_call" and e.get("agent") == "scout"]
    assert scout_calls[0]["run"] == children[1].id and scout_calls[0]["by"] == "agent:scout"
    # children get only their subset of tools, and cannot delegate further
    child_request = next(
        r for r in model.requests if "sub-agent 'scout'" in r["messages"][0]["content"]
    )
    assert [t["function"]["name"] for t in child_request["tools"]] == ["add_idea"]


def test_stop_stops_the_main_agent_and_all_its_sub_agents(
    model: OpenAIStandIn, session: Any, alice: Any
) -> None:
    from steward.agents.models import Run

    release = threading.Event()
    model.default = scripted(release)
    run = say(session.id, "split the work", alice)
    deadline = time.monotonic() + 10
    while Run.objects.filter(parent_id=run.id, state="running").count() < 2:
        assert time.monotonic() < deadline
        time.sleep(0.02)
    sessions.stop(session_id=session.id, by="user:alice")
    run = finished(run.id)
    release.set()
    assert run.state == "cancelled"
    assert set(Run.objects.filter(parent=run).values_list("state", flat=True)) == {"cancelled"}
    assert not Idea.objects.exists()


def _tidy_up(idea: Idea) -> Any:
    """A main agent delegating one archive (an action that needs an admin's approval)."""
    tasks = [{"agent": "tidy", "instructions": "Archive Old idea", "tools": ["archive_idea"]}]

    def reply(body: dict[str, Any]) -> Reply:
        messages = body["messages"]
        system, last = messages[0]["content"], messages[-1]
        if "You are the sub-agent" in system:
            if last["role"] == "tool":
                outcome = json.loads(last["content"])
                error = outcome.get("error", {}).get("code")
                return Reply.say(f"Archive: {error}." if error else "Archived it.")
            return Reply.calls(("archive_idea", {"idea_id": idea.pk}))
        if last["role"] == "tool":
            results = json.loads(last["content"])["results"]
            return Reply.say("tidy said: " + results[0]["output"])
        return Reply.calls(("delegate", {"tasks": tasks}))

    return reply


@pytest.fixture
def parked(model: OpenAIStandIn, session: Any, alice: Any) -> tuple[Idea, Any]:
    """A main run parked with its sub-agent "tidy", whose archive awaits an admin."""
    idea = Idea.objects.create(title="Old idea")
    model.default = _tidy_up(idea)
    run = finished(say(session.id, "tidy up", alice).id, states=("awaiting_approval",))
    return idea, run


def _approval(run: Any) -> Any:
    from steward.actions.models import Approval

    return Approval.objects.get(token_id=run.token_id)


def test_a_sub_agent_waits_for_an_approval_and_its_parent_waits_for_the_sub_agent(
    model: OpenAIStandIn, session: Any, carol: Any, parked: tuple[Idea, Any]
) -> None:
    from steward.access.models import AgentToken
    from steward.agents.decisions import decide
    from steward.agents.models import Run

    idea, run = parked
    child = Run.objects.get(parent=run)
    assert (run.state, child.state) == ("awaiting_approval", "awaiting_approval")
    assert len(model.requests) == 2  # the parent asked once, the sub-agent once: both wait

    assert decide(approval_id=_approval(run).pk, by=carol, approve=True).state == "approved"
    run = finished(run.id)

    assert run.state == "completed", run.error
    assert Run.objects.get(pk=child.pk).output == "Archived it."
    assert run.output == "tidy said: Archived it."
    assert Idea.objects.get(pk=idea.pk).archived
    assert AgentToken.objects.get(pk=run.token_id).is_revoked  # all done: the token goes
    resumed = [e.get("agent") for e in transcript(session.id) if e["type"] == "run.resumed"]
    assert resumed == ["tidy", "main"]


def test_a_rejected_sub_agent_call_reaches_the_sub_agent_and_then_its_parent(
    carol: Any, parked: tuple[Idea, Any]
) -> None:
    from steward.agents.decisions import decide

    idea, run = parked
    decide(approval_id=_approval(run).pk, by=carol, approve=False, reason="keep it")
    run = finished(run.id)
    assert run.state == "completed" and run.output == "tidy said: Archive: rejected."
    assert not Idea.objects.get(pk=idea.pk).archived


def test_a_stop_cancels_a_parent_and_its_sub_agent_parked_on_an_approval(
    model: OpenAIStandIn, session: Any, parked: tuple[Idea, Any]
) -> None:
    from steward.agents.models import Run

    _idea, run = parked
    sessions.stop(session_id=session.id, by="user:alice")
    assert finished(run.id).state == "cancelled"
    assert Run.objects.get(parent=run).state == "cancelled"
    time.sleep(0.3)  # nothing wakes the cancelled parent
    assert Run.objects.get(pk=run.pk).state == "cancelled" and len(model.requests) == 2


def test_stopping_a_parked_sub_agent_wakes_its_parent_and_its_call_never_acts(
    carol: Any, parked: tuple[Idea, Any]
) -> None:
    from steward.agents.decisions import decide
    from steward.agents.models import Run
    from steward.agents.services import stop_run

    idea, run = parked
    child = Run.objects.get(parent=run)
    assert stop_run(run_id=child.id, by="user:alice").state == "cancelled"
    run = finished(run.id)
    assert run.state == "completed" and run.output == "tidy said: "

    assert (
        decide(approval_id=_approval(run).pk, by=carol, approve=True).state != "approved"
    )  # revoked
    assert not Idea.objects.get(pk=idea.pk).archived
