"""A message queued behind another turn says so in the session, and why it waits."""

from __future__ import annotations

import threading
import time
from typing import Any

from apps.ideaboard.models import Idea
from tests.agents.conftest import finished, say, transcript
from tests.agents.test_approvals import park
from tests.support.openai_standin import OpenAIStandIn, Reply


def queued(session_id: str) -> list[dict[str, Any]]:
    return [e for e in transcript(session_id) if e["type"] == "run.queued"]


def test_a_message_behind_a_run_awaiting_approval_says_what_it_waits_for(
    model: OpenAIStandIn, session: Any, alice: Any, carol: Any
) -> None:
    from steward.agents.decisions import decide

    first, approval_id, _idea = park(model, session, alice)
    model.script(Reply.say("Archived."), Reply.say("Second answer."))
    second = say(session.id, "and then?", alice)

    from steward.agents.models import Run

    assert Run.objects.get(pk=second.pk).state == "queued"
    [notice] = queued(session.id)
    assert notice["run"] == second.id
    assert notice["data"] == {
        "reason": "waiting for an admin to decide archive_idea",
        "behind": first.id,
    }
    decide(approval_id=approval_id, by=carol, approve=True)
    assert finished(first.id).state == "completed"
    assert finished(second.id).output == "Second answer."
    assert len(queued(session.id)) == 1  # a turn that was free to start is not "queued"


def test_the_turns_behind_a_run_hear_when_it_parks_on_an_approval(
    model: OpenAIStandIn, session: Any, alice: Any
) -> None:
    from steward.agents.models import Run

    idea = Idea.objects.create(title="Old idea")
    gate = threading.Event()
    model.script(Reply.calls(("archive_idea", {"idea_id": idea.pk}), text="On it.", gate=gate))
    first = say(session.id, "archive Old idea", alice)
    deadline = time.monotonic() + 15
    while Run.objects.get(pk=first.pk).state != "running":
        assert time.monotonic() < deadline
        time.sleep(0.02)
    second = say(session.id, "and then?", alice)
    [running] = queued(session.id)
    assert running["run"] == second.id and running["data"]["behind"] == first.id
    assert running["data"]["reason"] == f"waiting for the turn ahead ({first.id}) to finish"

    gate.set()
    assert finished(first.id, states=("awaiting_approval",)).state == "awaiting_approval"
    parked = queued(session.id)[1:]
    assert [(e["run"], e["data"]) for e in parked] == [
        (second.id, {"reason": "waiting for an admin to decide archive_idea", "behind": first.id})
    ]
    assert Run.objects.get(pk=second.pk).state == "queued"


def test_a_message_to_a_free_session_is_not_announced_as_queued(
    model: OpenAIStandIn, session: Any, alice: Any
) -> None:
    model.script(Reply.say("Hi."))
    assert finished(say(session.id, "hi", alice).id).state == "completed"
    assert queued(session.id) == []
