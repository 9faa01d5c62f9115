"""data_changed: the records an action changed, sent inside its transaction."""

from __future__ import annotations

from typing import Any

import pytest

from apps.ideaboard.models import Idea
from steward.access.actors import Actor
from steward.actions.context import CallContext, current_invocation
from steward.actions.exceptions import ActionFailed
from steward.actions.services import invoke
from steward.actions.signals import data_changed
from steward.audit.models import AuditEntry

pytestmark = pytest.mark.django_db


@pytest.fixture
def received():
    events: list[dict[str, Any]] = []

    def receiver(sender: Any, **kwargs: Any) -> None:
        events.append(kwargs)

    data_changed.connect(receiver)
    yield events
    data_changed.disconnect(receiver)


def test_it_reports_created_records_with_the_session_and_run(alice, received):
    outcome = invoke(
        actor=Actor.for_user(alice), app="ideaboard", name="add_idea", args={"title": "x"},
        context=CallContext(session_id="s_1", run_id="r_1"),
    )  # fmt: skip

    assert received == [
        {
            "signal": data_changed,
            "app": "ideaboard",
            "action": "add_idea",
            "actor_label": "user:alice",
            "changes": [
                {"model": "ideaboard.idea", "ids": [outcome.body["result"]["id"]], "op": "created"}
            ],
            "session_id": "s_1",
            "run_id": "r_1",
        }
    ]


def test_it_reports_updates(alice, received):
    idea = Idea.objects.create(title="x")

    invoke(actor=Actor.for_user(alice), app="ideaboard", name="move_card",
           args={"idea_id": idea.pk, "column": "done"})  # fmt: skip

    assert received[0]["changes"] == [
        {"model": "ideaboard.idea", "ids": [idea.pk], "op": "updated"}
    ]


def test_it_is_not_sent_for_dry_runs_or_reads(alice, received):
    actor = Actor.for_user(alice)
    invoke(actor=actor, app="ideaboard", name="add_idea", args={"title": "x"}, dry_run=True)
    invoke(actor=actor, app="ideaboard", name="list_ideas", args={})

    assert received == []


def test_there_is_no_invocation_outside_an_action():
    assert current_invocation() is None


def test_a_failing_receiver_rolls_back_the_change_and_its_audit_row(alice):
    def boom(sender: Any, **kwargs: Any) -> None:
        raise RuntimeError("live layer down")

    data_changed.connect(boom)
    try:
        with pytest.raises(ActionFailed):
            invoke(actor=Actor.for_user(alice), app="ideaboard", name="add_idea",
                   args={"title": "x"})  # fmt: skip
    finally:
        data_changed.disconnect(boom)

    assert not Idea.objects.exists()
    assert list(AuditEntry.objects.values_list("status", flat=True)) == ["error"]


def test_null_for_an_optional_argument_means_its_default(alice):
    outcome = invoke(
        actor=Actor.for_user(alice), app="ideaboard", name="add_idea",
        args={"title": "x", "pitch": None},
    )  # fmt: skip

    assert outcome.body["result"]["pitch"] == ""
