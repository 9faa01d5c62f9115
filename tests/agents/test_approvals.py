"""A call that needs approval parks the run; the admin's decision resumes it."""

from __future__ import annotations

import json
from typing import Any

from apps.ideaboard.models import Idea
from steward.agents import services as sessions
from tests.agents.conftest import finished, say, transcript, types
from tests.support.openai_standin import OpenAIStandIn, Reply


def park(model: OpenAIStandIn, session: Any, alice: Any) -> tuple[Any, int, Idea]:
    idea = Idea.objects.create(title="Old idea")
    model.script(Reply.calls(("archive_idea", {"idea_id": idea.pk})))
    run = finished(say(session.id, "archive Old idea", alice).id, states=("awaiting_approval",))
    assert run.state == "awaiting_approval"
    required = next(e for e in transcript(session.id) if e["type"] == "run.approval_required")
    assert required["data"]["name"] == "archive_idea"
    return run, int(required["data"]["approval_id"]), idea


def test_an_approved_call_runs_and_the_run_goes_on(
    model: OpenAIStandIn, session: Any, alice: Any, carol: Any
) -> None:
    from steward.agents.decisions import decide

    run, approval_id, idea = park(model, session, alice)
    assert not Idea.objects.get(pk=idea.pk).archived
    model.script(Reply.say("Archived it."))
    decide(approval_id=approval_id, by=carol, approve=True)
    run = finished(run.id)

    assert run.state == "completed", run.error
    assert Idea.objects.get(pk=idea.pk).archived
    assert types(session.id) == [
        "run.started",
        "run.tool_call",
        "run.approval_required",
        "run.tool_result",
        "run.resumed",
        "run.delta",
        "run.completed",
    ]
    tool_message = model.requests[1]["messages"][-1]
    assert tool_message["role"] == "tool"
    assert json.loads(tool_message["content"])["result"]["archived"] is True


def test_a_rejection_goes_back_to_the_model_as_the_tool_result(
    model: OpenAIStandIn, session: Any, alice: Any, carol: Any
) -> None:
    from steward.agents.decisions import decide

    run, approval_id, idea = park(model, session, alice)
    model.script(Reply.say("The admin said no."))
    decide(approval_id=approval_id, by=carol, approve=False, reason="We still need it")
    run = finished(run.id)

    assert run.state == "completed"
    assert not Idea.objects.get(pk=idea.pk).archived
    error = json.loads(model.requests[1]["messages"][-1]["content"])["error"]
    assert error["code"] == "rejected" and "We still need it" in error["message"]


def test_a_stop_cancels_a_run_awaiting_approval_and_its_call_can_no_longer_run(
    model: OpenAIStandIn, session: Any, alice: Any, carol: Any
) -> None:
    from steward.agents.decisions import decide

    run, approval_id, idea = park(model, session, alice)
    sessions.stop(session_id=session.id, by="user:alice")
    assert finished(run.id).state == "cancelled"
    # The run's token ended with the run: approving its call afterwards changes nothing.
    approval = decide(approval_id=approval_id, by=carol, approve=True)
    assert approval.state == "failed", approval.result
    assert not Idea.objects.get(pk=idea.pk).archived
