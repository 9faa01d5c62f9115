"""Tokens in Django admin: created with the secret shown once, revoked not deleted."""

from __future__ import annotations

import re

import pytest

from steward.access.models import AgentToken
from steward.access.tokens import authenticate_bearer

pytestmark = pytest.mark.django_db


def test_creating_a_token_in_admin_shows_its_secret_once(client, carol, alice):
    client.force_login(carol)

    response = client.post(
        "/admin/access/agenttoken/add/",
        {"name": "codex", "owner": alice.pk, "app": "ideaboard", "actions_text": "add_idea"},
        follow=True,
    )

    text = response.content.decode()
    match = re.search(r"(stw_[0-9a-f]{12}_[A-Za-z0-9_\-]+)", text)
    assert match, text[:2000]
    token = authenticate_bearer(match.group(1))
    assert token.allowed_actions == ["add_idea"]
    page = client.get(f"/admin/access/agenttoken/{token.pk}/change/").content.decode()
    assert match.group(1) not in page


def test_admin_refuses_unknown_action_names(client, carol, alice):
    client.force_login(carol)

    response = client.post(
        "/admin/access/agenttoken/add/",
        {"name": "codex", "owner": alice.pk, "app": "ideaboard", "actions_text": "fly"},
    )

    assert response.status_code == 200
    assert b"has no action fly" in response.content
    assert not AgentToken.objects.exists()


def test_admin_revokes_tokens(client, carol, issue):
    token, _ = issue()
    client.force_login(carol)

    client.post("/admin/access/agenttoken/", {"action": "revoke", "_selected_action": [token.pk]})

    token.refresh_from_db()
    assert token.is_revoked
    delete = client.get(f"/admin/access/agenttoken/{token.pk}/delete/")
    assert delete.status_code == 403
