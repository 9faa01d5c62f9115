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
        kwargs.pop("records")  # the fields before and after: see the record tests below
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
    assert list(AuditEntry.objects.calls().values_list("status", flat=True)) == ["error"]


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


@pytest.fixture
def entries():
    """The audit entries written from now on, oldest first, with their records' changes."""
    start = AuditEntry.objects.order_by("-seq").values_list("seq", flat=True).first() or 0
    return lambda: list(AuditEntry.objects.filter(seq__gt=start).order_by("seq"))


def test_an_update_records_only_the_changed_fields_before_and_after(alice, entries):
    idea = Idea.objects.create(title="Kites", pitch="Fly them")

    invoke(actor=Actor.for_user(alice), app="ideaboard", name="move_card",
           args={"idea_id": idea.pk, "column": "building"})  # fmt: skip

    (entry,) = [e for e in entries() if e.action == "move_card"]
    (change,) = entry.changes
    assert change["model"] == "ideaboard.idea" and change["pk"] == idea.pk
    assert change["op"] == "updated"
    assert change["before"]["column"] == "inbox" and change["after"]["column"] == "building"
    assert "title" not in change["after"]  # unchanged fields are left out


def test_a_create_records_every_field_and_a_delete_every_field_before(alice, entries):
    actor = Actor.for_user(alice)
    made = invoke(actor=actor, app="ideaboard", name="add_idea", args={"title": "Kites"})
    created = entries()[-1].changes[0]
    assert created["op"] == "created" and created["before"] is None
    assert created["after"]["title"] == "Kites" and created["after"]["column"] == "inbox"

    idea = Idea.objects.get(pk=made.body["result"]["id"])
    idea.delete()  # outside an action: a shell, Django admin

    outside = entries()[-1]
    assert (outside.actor_label, outside.action) == ("outside", "outside.change")
    assert outside.changes[0]["op"] == "deleted"
    assert outside.changes[0]["before"]["title"] == "Kites" and outside.changes[0]["after"] is None


def test_a_records_history_is_found_through_its_index(alice):
    from steward.audit.models import RecordChange

    made = invoke(actor=Actor.for_user(alice), app="ideaboard", name="add_idea",
                  args={"title": "Kites"})  # fmt: skip
    pk = str(made.body["result"]["id"])

    history = RecordChange.objects.filter(model="ideaboard.idea", record_pk=pk)
    assert [(r.op, r.entry.action) for r in history] == [("created", "add_idea")]


def test_the_changes_are_covered_by_the_hash_chain(alice):
    from steward.audit.chain import verify

    idea = Idea.objects.create(title="Kites")
    invoke(actor=Actor.for_user(alice), app="ideaboard", name="move_card",
           args={"idea_id": idea.pk, "column": "done"})  # fmt: skip

    assert verify() >= 2


def test_an_approved_agent_call_records_its_changes_on_the_approved_entry(alice, carol):
    from steward.access.services import issue_token
    from steward.agents.decisions import decide

    idea = Idea.objects.create(title="Old")
    token, _ = issue_token(name="codex", owner=alice, app="ideaboard")
    asked = invoke(actor=Actor.for_token(token), app="ideaboard", name="archive_idea",
                   args={"idea_id": idea.pk})  # fmt: skip
    assert asked.status == "pending"

    decide(approval_id=asked.approval_id, by=carol, approve=True)

    entry = AuditEntry.objects.calls().filter(status="approved").get()
    (change,) = entry.changes
    assert (change["op"], change["before"], change["after"]) == (
        "updated",
        {"archived": False},
        {"archived": True},
    )
