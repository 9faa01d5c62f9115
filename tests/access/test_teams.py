"""Roles: asked one by one (role_for) or fetched along with another query (role_given)."""

from __future__ import annotations

import pytest
from django.contrib.auth import get_user_model
from django.db.models import OuterRef

from steward.access.models import AgentToken
from steward.access.services import issue_token
from steward.access.teams import membership_role, role_for, role_given

pytestmark = pytest.mark.django_db


def test_a_role_fetched_along_with_a_token_agrees_with_role_for(alice, bob, carol):
    gone = get_user_model().objects.create_user("gone", is_active=False)
    stranger = get_user_model().objects.create_user("stranger")
    expected = {"alice": "operator", "bob": "viewer", "carol": "admin"}
    for user in (alice, bob, carol, gone, stranger):
        token, _ = issue_token(name=f"t-{user.username}", owner=user, app="ideaboard")
        fetched = (
            AgentToken.objects.select_related("owner")
            .annotate(owner_role=membership_role(OuterRef("owner"), "ideaboard"))
            .get(pk=token.pk)
        )
        answer = role_given(fetched.owner, fetched.owner_role)
        assert answer == role_for(user, "ideaboard") == expected.get(user.username)
