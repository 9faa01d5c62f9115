"""The approvals inbox and its decide edge (agents/inbox.py), and the count in the nav."""

from __future__ import annotations

from typing import Any

import pytest

from apps.ideaboard.models import Idea
from steward.access.models import Membership
from steward.actions.models import Approval
from tests.conftest import PASSWORD
from tests.support.actions_api import call

pytestmark = pytest.mark.django_db


@pytest.fixture
def ada(django_user_model: Any) -> Any:
    """An admin of the idea board."""
    user = django_user_model.objects.create_user("ada", "ada@example.com", PASSWORD)
    Membership.objects.create(user=user, app="ideaboard", role="admin")
    return user


@pytest.fixture
def pending(alice: Any) -> Approval:
    from rest_framework.test import APIClient

    from steward.access.services import issue_token

    _, secret = issue_token(app="ideaboard", owner=alice, name="codex")
    agent = APIClient()
    agent.credentials(HTTP_AUTHORIZATION=f"Bearer {secret}")
    idea = Idea.objects.create(title="Kites")
    response = call(agent, "ideaboard", "archive_idea", {"idea_id": idea.pk})
    assert response.status_code == 202
    return Approval.objects.get(pk=response.json()["approval"]["id"])


def test_an_admin_sees_the_pending_call_in_words_with_its_record_and_the_count(
    client, ada, pending
):
    client.force_login(ada)

    html = client.get("/approvals/").content.decode()

    assert "Archive idea" in html
    assert f"Idea #{pending.args['idea_id']} “Kites”" in html
    assert ">Approve</button>" in html and ">Reject</button>" in html
    assert 'title="1 waiting for your decision"' in html  # the nav's count, on every page


def test_an_operator_has_nothing_to_decide(alice_client, pending):
    html = alice_client.get("/approvals/").content.decode()

    assert "Nothing waits for your decision." in html
    assert "waiting for your decision" not in html


def test_approving_runs_the_call_and_returns_to_the_inbox(client, ada, pending):
    client.force_login(ada)

    response = client.post(f"/approvals/{pending.pk}/decide", {"decision": "approve"})

    assert response.status_code == 302 and response["Location"] == "/approvals/"
    pending.refresh_from_db()
    assert (pending.state, pending.decided_by) == ("approved", ada)
    assert Idea.objects.get().archived


def test_rejecting_without_a_reason_tells_the_agent_none_was_given(client, ada, pending):
    client.force_login(ada)

    response = client.post(
        f"/approvals/{pending.pk}/decide",
        {"decision": "reject", "reason": ""},
        HTTP_ACCEPT="application/json",
    )

    assert response.status_code == 200 and response.json()["state"] == "rejected"
    pending.refresh_from_db()
    assert pending.reason == "No reason given."
    assert not Idea.objects.get().archived


def test_an_operator_cannot_decide_and_is_told_who_can(alice_client, pending):
    response = alice_client.post(
        f"/approvals/{pending.pk}/decide", {"decision": "approve"}, HTTP_ACCEPT="application/json"
    )

    assert response.status_code == 403
    assert "admin role" in response.json()["error"]["message"]
    pending.refresh_from_db()
    assert pending.state == "pending"


def test_the_admin_approval_page_has_approve_and_reject_and_the_records_title(
    client, carol, pending
):
    client.force_login(carol)

    html = client.get(f"/admin/actions/approval/{pending.pk}/change/").content.decode()

    assert f'formaction="/approvals/{pending.pk}/decide"' in html
    assert 'value="approve">Approve</button>' in html and 'value="reject">Reject</button>' in html
    assert "“Kites”" in html


def test_the_dashboard_shows_the_pending_count_and_the_agents_recent_activity(client, ada, pending):
    client.force_login(ada)

    html = client.get("/").content.decode()

    assert "1 approval waits for your decision" in html
    assert "agent codex" in html and "archive idea" in html
