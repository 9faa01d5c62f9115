"""Who may act changes only with a trail: tokens and team roles (issue 12, item 9).

Each change, made through its edge (Django admin, the issue_token command), leaves exactly
one audit row naming who made it, written in the change's own transaction."""

from __future__ import annotations

from io import StringIO
from typing import Any

import pytest
from django.core.management import call_command
from django.test import Client

from steward.access.models import AgentToken, Membership
from steward.audit.models import AuditEntry

pytestmark = pytest.mark.django_db


def rows(action: str) -> list[AuditEntry]:
    return list(AuditEntry.objects.filter(action=action).order_by("seq"))


def test_a_token_issued_in_admin_is_audited_with_who_issued_it(
    client: Client, carol: Any, alice: Any
) -> None:
    client.force_login(carol)
    client.post(
        "/admin/access/agenttoken/add/",
        {"name": "codex", "owner": alice.pk, "app": "ideaboard", "actions_text": "add_idea"},
    )
    token = AgentToken.objects.get(name="codex")
    [row] = rows("token.issue")
    assert (row.actor_label, row.user, row.token, row.app) == (
        "user:carol",
        carol,
        token,
        "ideaboard",
    )
    assert row.args["actions"] == ["add_idea"] and row.args["owner"] == alice.pk


def test_a_token_issued_by_the_command_is_audited(alice: Any) -> None:
    call_command("issue_token", app="ideaboard", name="codex", owner="alice", stdout=StringIO())
    [row] = rows("token.issue")
    assert row.actor_label.startswith("shell") and row.token == AgentToken.objects.get()


def test_revoking_in_admin_is_audited_once_per_token(
    client: Client, carol: Any, alice: Any
) -> None:
    from steward.access.services import issue_token

    token, _ = issue_token(name="codex", owner=alice, app="ideaboard")
    client.force_login(carol)
    for _ in range(2):  # revoking a revoked token changes nothing, so it records nothing
        client.post(
            "/admin/access/agenttoken/",
            {"action": "revoke", "_selected_action": [token.pk]},
        )
    token.refresh_from_db()
    assert token.is_revoked
    [row] = rows("token.revoke")
    assert (row.actor_label, row.token, row.app) == ("user:carol", token, "ideaboard")


def test_giving_changing_and_taking_a_role_in_admin_is_audited(
    client: Client, carol: Any, django_user_model: Any
) -> None:
    dave = django_user_model.objects.create_user("dave")
    client.force_login(carol)
    client.post("/admin/access/membership/add/", {"user": dave.pk, "app": "crm", "role": "viewer"})
    membership = Membership.objects.get(user=dave)
    client.post(
        f"/admin/access/membership/{membership.pk}/change/",
        {"user": dave.pk, "app": "crm", "role": "admin"},
    )
    client.post(f"/admin/access/membership/{membership.pk}/delete/", {"post": "yes"})
    assert not Membership.objects.filter(user=dave).exists()
    changes = rows("membership.change")
    assert [(r.actor_label, r.app, r.args) for r in changes] == [
        ("user:carol", "crm", {"member": "dave", "role": "viewer", "was": None}),
        ("user:carol", "crm", {"member": "dave", "role": "admin", "was": "viewer"}),
    ]
    [removed] = rows("membership.remove")
    assert (removed.actor_label, removed.args) == ("user:carol", {"member": "dave", "was": "admin"})


def test_a_bulk_delete_of_memberships_is_audited_per_membership(
    client: Client, carol: Any, alice: Any
) -> None:
    client.force_login(carol)
    ids = list(Membership.objects.filter(user=alice).values_list("pk", flat=True))
    client.post(
        "/admin/access/membership/",
        {"action": "delete_selected", "_selected_action": ids, "post": "yes"},
    )
    assert not Membership.objects.filter(user=alice).exists()
    assert sorted(r.app for r in rows("membership.remove")) == ["crm", "editorial", "ideaboard"]
