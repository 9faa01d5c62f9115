"""requires_approval: agents wait for a person; approval runs the call as the agent."""

from __future__ import annotations

import pytest

from apps.ideaboard.models import Idea
from steward.actions.approvals import approve, reject
from steward.actions.exceptions import ActionDenied, ActionInvalid
from steward.actions.models import Approval
from steward.audit.models import AuditEntry
from tests.support.actions_api import call

pytestmark = pytest.mark.django_db


@pytest.fixture
def idea():
    return Idea.objects.create(title="Old idea")


def ask(agent, idea):
    return call(agent, "ideaboard", "archive_idea", {"idea_id": idea.pk})


def test_an_agent_call_is_held_as_a_pending_approval_with_202(agent, idea):
    response = ask(agent, idea)

    assert response.status_code == 202
    body = response.json()
    assert body["status"] == "pending"
    approval = Approval.objects.get(pk=body["approval"]["id"])
    assert (approval.state, approval.requested_by, approval.args) == (
        "pending", "token:codex", {"idea_id": idea.pk},
    )  # fmt: skip
    idea.refresh_from_db()
    assert not idea.archived
    assert AuditEntry.objects.get().status == "pending"


def test_the_approval_state_is_readable_by_the_agent(agent, idea):
    approval_id = ask(agent, idea).json()["approval"]["id"]

    response = agent.get(f"/api/approvals/{approval_id}/")

    assert response.status_code == 200
    assert response.json()["state"] == "pending"
    assert agent.get("/api/approvals/99999/").status_code == 404


def test_approving_runs_the_call_as_the_agent_and_records_the_approver(agent, idea, carol):
    approval_id = ask(agent, idea).json()["approval"]["id"]

    approval = approve(approval_id=approval_id, by=carol)

    assert approval.state == "approved"
    assert approval.result["result"]["archived"] is True
    idea.refresh_from_db()
    assert idea.archived
    entry = AuditEntry.objects.order_by("-seq").first()
    assert entry is not None
    assert (entry.status, entry.actor_label, entry.approver, entry.approval_id) == (
        "approved", "token:codex", carol, approval_id,
    )  # fmt: skip
    assert agent.get(f"/api/approvals/{approval_id}/").json()["state"] == "approved"


def test_rejecting_needs_a_reason_and_records_it(agent, idea, carol):
    approval_id = ask(agent, idea).json()["approval"]["id"]

    with pytest.raises(ActionInvalid):
        reject(approval_id=approval_id, by=carol, reason=" ")
    approval = reject(approval_id=approval_id, by=carol, reason="We still need it")

    assert (approval.state, approval.reason, approval.decided_by) == (
        "rejected", "We still need it", carol,
    )  # fmt: skip
    idea.refresh_from_db()
    assert not idea.archived
    assert AuditEntry.objects.order_by("-seq").first().status == "rejected"


def test_a_decision_is_made_once(agent, idea, carol):
    approval_id = ask(agent, idea).json()["approval"]["id"]
    approve(approval_id=approval_id, by=carol)

    with pytest.raises(ActionInvalid, match="already decided"):
        reject(approval_id=approval_id, by=carol, reason="late")


def test_only_an_app_admin_decides(agent, idea, alice):
    approval_id = ask(agent, idea).json()["approval"]["id"]

    with pytest.raises(ActionDenied, match="admin role"):
        approve(approval_id=approval_id, by=alice)


def test_an_approved_call_that_fails_is_marked_failed(agent, idea, carol):
    approval_id = ask(agent, idea).json()["approval"]["id"]
    Idea.objects.filter(pk=idea.pk).update(archived=True)

    approval = approve(approval_id=approval_id, by=carol)

    assert approval.state == "failed"
    assert approval.result["error"]["code"] == "invalid"


def test_a_person_with_the_permission_runs_it_directly(alice_client, idea):
    response = alice_client.post(
        "/api/apps/ideaboard/actions/archive_idea/",
        {"idea_id": idea.pk},
        content_type="application/json",
    )

    assert response.status_code == 200
    idea.refresh_from_db()
    assert idea.archived
    assert not Approval.objects.exists()


def test_admin_approves_and_rejects_with_a_reason(agent, carol, client):
    first, second = Idea.objects.create(title="a"), Idea.objects.create(title="b")
    one = ask(agent, first).json()["approval"]["id"]
    two = ask(agent, second).json()["approval"]["id"]
    client.force_login(carol)
    url = "/admin/actions/approval/"

    client.post(url, {"action": "approve", "_selected_action": [one]})
    page = client.post(url, {"action": "reject", "_selected_action": [two]})
    assert b"Reason" in page.content
    client.post(
        url, {"action": "reject", "_selected_action": [two], "confirm": "yes", "reason": "No"}
    )

    assert Approval.objects.get(pk=one).state == "approved"
    rejected = Approval.objects.get(pk=two)
    assert (rejected.state, rejected.reason) == ("rejected", "No")


def test_an_agents_dry_run_shows_the_result_without_asking_or_changing(agent, idea):
    response = call(agent, "ideaboard", "archive_idea", {"idea_id": idea.pk}, dry_run=True)

    assert response.status_code == 200
    assert response.json()["result"]["archived"] is True
    idea.refresh_from_db()
    assert not idea.archived
    assert not Approval.objects.exists()
