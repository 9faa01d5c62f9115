"""The reaper hands a queued turn that no worker took to the runner again, once per limit."""

from __future__ import annotations

from datetime import timedelta
from typing import Any

from django.utils import timezone

from tests.agents.conftest import finished, transcript
from tests.support.openai_standin import OpenAIStandIn, Reply


def _lost_turn(session: Any, *, age: float, **fields: Any) -> Any:
    """A queued run as a failed submit leaves it: in the database, in no broker."""
    from steward.access.services import issue_token
    from steward.agents.models import Run

    token, _ = issue_token(name="codex", owner=session.created_by, app="ideaboard")
    run = Run.objects.create(
        session_id=session.id, app="ideaboard", started_by="token:codex", prompt="hello",
        token_id=str(token.pk), **fields,
    )  # fmt: skip
    Run.objects.filter(pk=run.pk).update(created=timezone.now() - timedelta(seconds=age))
    return run


def test_a_lost_turn_is_handed_over_again_and_runs_once(
    model: OpenAIStandIn, session: Any, settings: Any
) -> None:
    from steward.agents.reaper import redispatch_lost_runs

    model.script(Reply.say("Found me."))
    from steward.agents.models import Run

    lost = _lost_turn(session, age=settings.STEWARD_RUN_STALE_SECONDS + 1)

    assert redispatch_lost_runs() == [lost.id]
    assert redispatch_lost_runs() == []  # just handed over: not again within the limit
    assert finished(lost.id).output == "Found me."
    # Stamped as handed over long ago (another reaper's, say): a finished run stays done.
    Run.objects.filter(pk=lost.pk).update(heartbeat=timezone.now() - timedelta(days=1))
    assert redispatch_lost_runs() == []
    started = [e["run"] for e in transcript(session.id) if e["type"] == "run.started"]
    assert started == [lost.id] and len(model.requests) == 1


def test_a_fresh_queued_turn_is_left_to_its_own_hand_over(
    model: OpenAIStandIn, session: Any
) -> None:
    from steward.agents.reaper import redispatch_lost_runs

    _lost_turn(session, age=0)
    assert redispatch_lost_runs() == [] and not model.requests


def test_a_turn_waiting_behind_a_running_one_is_not_handed_over(
    model: OpenAIStandIn, session: Any, settings: Any
) -> None:
    from steward.agents.models import Run
    from steward.agents.reaper import redispatch_lost_runs

    old = settings.STEWARD_RUN_STALE_SECONDS + 1
    _lost_turn(session, age=old + 1, state="running", heartbeat=timezone.now())
    waiting = _lost_turn(session, age=old)

    assert redispatch_lost_runs() == []
    assert Run.objects.get(pk=waiting.pk).state == "queued" and not model.requests
