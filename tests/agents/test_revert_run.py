"""Undo an agent's run: its created, updated and deleted records put back, audited (issue 13)."""

from __future__ import annotations

from typing import Any

import pytest
from rest_framework.test import APIClient

from apps.ideaboard.models import Idea
from steward.access.actors import Actor
from steward.access.models import Membership
from steward.access.services import issue_token
from steward.actions.context import CallContext
from steward.actions.services import invoke
from steward.agents import lifecycle
from steward.audit.models import AuditEntry
from steward.live import services as live

pytestmark = pytest.mark.django_db


@pytest.fixture
def agent_run(alice: Any) -> Any:
    """A finished run of alice's that created, updated and deleted ideas through its token."""
    session = live.create_session(app="ideaboard", title="t", created_by=alice)
    token, _ = issue_token(name="agent run", owner=alice, app="ideaboard")
    run = lifecycle.create_run(session_id=session.id, app="ideaboard", started_by="user:alice",
                               token_id=str(token.pk), state="completed")  # fmt: skip
    kept, doomed = Idea.objects.create(title="Kites"), Idea.objects.create(title="Old")
    actor, ctx = Actor.for_token(token), CallContext(session_id=session.id, run_id=run.id)

    def call(name: str, **args: Any) -> Any:
        return invoke(actor=actor, app="ideaboard", name=name, args=args, context=ctx)

    made = call("add_idea", title="Balloons").body["result"]["id"]
    call("move_card", idea_id=kept.pk, column="building")
    call("archive_idea", idea_id=doomed.pk)  # needs an admin's approval: changes nothing yet
    return run, kept, doomed, made


def _client(user: Any) -> APIClient:
    api = APIClient()
    api.force_login(user)
    return api


def test_the_person_who_started_a_run_reverts_it_in_one_audited_entry(agent_run, alice):
    run, kept, doomed, made = agent_run

    response = _client(alice).post(f"/api/runs/{run.id}/revert")

    assert response.status_code == 200, response.json()
    assert not Idea.objects.filter(pk=made).exists()  # created → deleted
    assert Idea.objects.get(pk=kept.pk).column == "inbox"  # updated → before-values
    assert not Idea.objects.get(pk=doomed.pk).archived  # a pending call changed nothing
    entry = AuditEntry.objects.get(pk=response.json()["audit_id"])
    assert (entry.action, entry.args, entry.actor_label) == (
        "revert",
        {"run": run.id},
        "user:alice",
    )
    assert {c["op"] for c in entry.changes} >= {"deleted", "updated"}


def test_a_record_changed_since_blocks_the_revert_naming_it_and_force_overrides(
    agent_run, alice, carol
):
    run, kept, _doomed, _made = agent_run
    invoke(actor=Actor.for_user(alice), app="ideaboard", name="move_card",
           args={"idea_id": kept.pk, "column": "done"})  # fmt: skip

    refused = _client(alice).post(f"/api/runs/{run.id}/revert")

    assert refused.status_code == 409
    assert refused.json()["error"]["fields"] == {f"ideaboard.idea:{kept.pk}": ["column"]}
    assert Idea.objects.get(pk=kept.pk).column == "done"  # nothing was reverted
    assert _client(alice).post(f"/api/runs/{run.id}/revert?force=1").status_code == 403
    forced = _client(carol).post(f"/api/runs/{run.id}/revert?force=1")
    assert forced.status_code == 200
    assert Idea.objects.get(pk=kept.pk).column == "inbox"


def test_reverting_twice_answers_409(agent_run, alice):
    run = agent_run[0]
    assert _client(alice).post(f"/api/runs/{run.id}/revert").status_code == 200
    again = _client(alice).post(f"/api/runs/{run.id}/revert")
    assert again.status_code == 409 and "already reverted" in again.json()["error"]["message"]


def test_only_admins_and_the_runs_own_person_may_revert_and_refusals_are_audited(
    agent_run, django_user_model
):
    run = agent_run[0]
    dana = django_user_model.objects.create_user("dana", "dana@example.com", "pw")
    Membership.objects.create(user=dana, app="ideaboard", role="operator")

    response = _client(dana).post(f"/api/runs/{run.id}/revert")

    assert response.status_code == 403
    denied = AuditEntry.objects.filter(action="revert").get()
    assert (denied.status, denied.actor_label, denied.args) == (
        "denied",
        "user:dana",
        {"run": run.id},
    )


def test_one_audit_entry_can_be_reverted_by_an_admin(alice, carol):
    made = invoke(actor=Actor.for_user(alice), app="ideaboard", name="add_idea",
                  args={"title": "Typo"})  # fmt: skip
    seq = AuditEntry.objects.get(pk=made.audit_id).seq

    assert _client(alice).post(f"/api/audit/{seq}/revert").status_code == 403
    assert _client(carol).post(f"/api/audit/{seq}/revert").status_code == 200
    assert not Idea.objects.filter(title="Typo").exists()


def test_reverting_a_delete_recreates_the_record_as_it_was(alice, carol):
    idea = Idea.objects.create(title="Keep me", pitch="Please", score=7, column="building")
    gone = invoke(actor=Actor.for_user(carol), app="ideaboard", name="delete_idea",
                  args={"idea_id": idea.pk})  # fmt: skip
    assert not Idea.objects.filter(pk=idea.pk).exists()

    seq = AuditEntry.objects.get(pk=gone.audit_id).seq
    assert _client(carol).post(f"/api/audit/{seq}/revert").status_code == 200

    back = Idea.objects.get(pk=idea.pk)
    assert (back.title, back.pitch, back.score, back.column) == ("Keep me", "Please", 7, "building")
