"""An action call, an appended event, a finished run and a pending approval move /metrics."""

from __future__ import annotations

from typing import Any

import pytest

from steward.access.actors import Actor
from steward.actions.exceptions import ActionInvalid
from steward.actions.services import invoke
from steward.live.services import append, create_session
from tests.metrics.support import sample


@pytest.mark.django_db
def test_an_action_call_is_counted_and_timed_by_status(alice: Any) -> None:
    ok = dict(app="ideaboard", action="add_idea", status="ok")
    before = sample("steward_action_calls_total", **ok)
    timed = sample("steward_action_duration_seconds_count", app="ideaboard", action="add_idea")
    invalid = sample("steward_action_calls_total", app="ideaboard", action="add_idea",
                     status="invalid")  # fmt: skip

    invoke(actor=Actor.for_user(alice), app="ideaboard", name="add_idea", args={"title": "Kites"})
    with pytest.raises(ActionInvalid):
        invoke(actor=Actor.for_user(alice), app="ideaboard", name="add_idea", args={})

    assert sample("steward_action_calls_total", **ok) == before + 1
    assert sample("steward_action_calls_total", app="ideaboard", action="add_idea",
                  status="invalid") == invalid + 1  # fmt: skip
    assert (
        sample("steward_action_duration_seconds_count", app="ideaboard", action="add_idea")
        == timed + 2
    )


@pytest.mark.django_db
def test_a_made_up_action_name_is_not_a_label(alice: Any) -> None:
    from steward.actions.exceptions import UnknownAction

    with pytest.raises(UnknownAction):
        invoke(actor=Actor.for_user(alice), app="ideaboard", name="no_such_thing_42", args={})
    assert sample("steward_action_calls_total", action="no_such_thing_42") == 0.0
    assert sample("steward_action_calls_total", app="<unknown>", action="<unknown>") >= 1


@pytest.mark.django_db(transaction=True)
def test_an_appended_event_is_counted_once_committed(alice: Any) -> None:
    session = create_session(app="ideaboard", title="Counting", created_by=alice)
    before = sample("steward_live_events_appended_total")
    append(session_id=session.id, type="session.message", data={"text": "hi"}, by="alice")
    assert sample("steward_live_events_appended_total") == before + 1
