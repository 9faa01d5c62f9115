"""The change collector: the records an action changed, reported inside its transaction."""

from __future__ import annotations

from typing import Any

import pytest

from apps.ideaboard.models import Idea
from steward import changes
from steward.access.actors import Actor
from steward.actions.context import CallContext
from steward.actions.exceptions import ActionFailed
from steward.actions.services import invoke
from steward.audit.models import AuditEntry
from steward.changes import records_changed

pytestmark = pytest.mark.django_db


@pytest.fixture
def received():
    events: list[dict[str, Any]] = []

    def receiver(sender: Any, **kwargs: Any) -> None:
        events.append(kwargs)

    records_changed.connect(receiver)
    yield events
    records_changed.disconnect(receiver)


def test_it_reports_created_records_with_the_session_and_run(alice, received):
    outcome = invoke(
        actor=Actor.for_user(alice), app="ideaboard", name="add_idea", args={"title": "x"},
        context=CallContext(session_id="s_1", run_id="r_1"),
    )  # fmt: skip

    assert received == [
        {
            "signal": records_changed,
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
    received.clear()  # that create was made outside an action (and reported as such)

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


def test_there_is_no_change_set_outside_an_action():
    assert changes.current() is None


def test_a_failing_receiver_rolls_back_the_change_and_its_audit_row(alice):
    def boom(sender: Any, **kwargs: Any) -> None:
        raise RuntimeError("live layer down")

    records_changed.connect(boom)
    try:
        with pytest.raises(ActionFailed):
            invoke(actor=Actor.for_user(alice), app="ideaboard", name="add_idea",
                   args={"title": "x"})  # fmt: skip
    finally:
        records_changed.disconnect(boom)

    assert not Idea.objects.exists()
    assert list(AuditEntry.objects.values_list("status", flat=True)) == ["error"]


def test_null_for_an_optional_argument_means_its_default(alice):
    outcome = invoke(
        actor=Actor.for_user(alice), app="ideaboard", name="add_idea",
        args={"title": "x", "pitch": None},
    )  # fmt: skip

    assert outcome.body["result"]["pitch"] == ""


def test_a_change_outside_an_action_is_reported_at_once_as_outside(received):
    idea = Idea.objects.create(title="From the shell")

    assert received == [
        {
            "signal": records_changed,
            "app": "ideaboard",
            "changes": [{"model": "ideaboard.idea", "ids": [idea.pk], "op": "created"}],
            "action": None,
            "actor_label": "outside",
            "session_id": None,
            "run_id": None,
        }
    ]


def test_platform_models_are_not_reported(received, alice):
    from steward.live import services as live

    live.create_session(app="ideaboard", title="t", created_by=alice)

    assert received == []
