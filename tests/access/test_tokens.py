"""Agent tokens: a high-entropy secret shown once, stored as a hash, found by its prefix."""

from __future__ import annotations

from datetime import timedelta

import pytest
from django.core.exceptions import ValidationError
from django.utils import timezone

from steward.access.exceptions import InvalidToken
from steward.access.models import AgentToken
from steward.access.services import issue_token, revoke_token
from steward.access.tokens import authenticate_bearer, hash_secret

pytestmark = pytest.mark.django_db


def test_the_secret_is_stored_only_as_its_hash(alice):
    token, secret = issue_token(name="codex", owner=alice, app="ideaboard")

    stored = AgentToken.objects.get(pk=token.pk)
    assert secret.startswith(f"stw_{stored.prefix}_") and len(secret) > 50
    assert stored.secret_hash == hash_secret(secret)
    assert secret not in str(AgentToken.objects.filter(pk=token.pk).values().get())


def test_authenticate_bearer_finds_the_token_and_notes_its_use(alice):
    token, secret = issue_token(name="codex", owner=alice, app="ideaboard")

    assert authenticate_bearer(secret) == token
    assert AgentToken.objects.get(pk=token.pk).last_used is not None


@pytest.mark.parametrize("secret", ["", "nonsense", "stw_abc", "stw_000000000000_wrong"])
def test_bad_secrets_are_refused(alice, secret):
    issue_token(name="codex", owner=alice, app="ideaboard")

    with pytest.raises(InvalidToken):
        authenticate_bearer(secret)


def test_a_tampered_secret_with_a_real_prefix_is_refused(alice):
    _, secret = issue_token(name="codex", owner=alice, app="ideaboard")

    with pytest.raises(InvalidToken, match="Unknown"):
        authenticate_bearer(secret[:-2] + "xx")


def test_revoked_and_expired_tokens_are_refused(alice):
    token, secret = issue_token(name="codex", owner=alice, app="ideaboard")
    revoke_token(token_id=token.pk)
    with pytest.raises(InvalidToken, match="revoked"):
        authenticate_bearer(secret)

    token, secret = issue_token(name="old", owner=alice, app="ideaboard", expires=timedelta(days=1))
    AgentToken.objects.filter(pk=token.pk).update(expires=timezone.now())
    with pytest.raises(InvalidToken, match="expired"):
        authenticate_bearer(secret)


def test_a_token_of_a_deactivated_owner_is_refused(alice):
    _, secret = issue_token(name="codex", owner=alice, app="ideaboard")
    alice.is_active = False
    alice.save()

    with pytest.raises(InvalidToken, match="deactivated"):
        authenticate_bearer(secret)


def test_issuing_checks_the_app_and_the_action_names(alice):
    from steward.actions.permissions import check_action_names

    with pytest.raises(ValidationError, match="No hosted app"):
        issue_token(name="x", owner=alice, app="nowhere")
    with pytest.raises(ValidationError, match="no action fly"):
        check_action_names("ideaboard", ["fly"])
    check_action_names("ideaboard", ["add_idea"])


def test_permitted_actions_follow_scope_and_owner_role(alice, bob):
    scoped, _ = issue_token(name="a", owner=alice, app="ideaboard", actions=["add_idea"])
    reader, _ = issue_token(name="b", owner=alice, app="ideaboard", read_only=True)
    viewer_owned, _ = issue_token(name="c", owner=bob, app="ideaboard")

    from steward.access.actors import Actor
    from steward.actions.permissions import permitted

    def names(token):  # type: ignore[no-untyped-def]
        return [s.name for s in permitted(Actor.for_token(token), "ideaboard")]

    assert names(scoped) == ["add_idea"]
    assert names(reader) == ["list_ideas"]
    assert names(viewer_owned) == ["list_ideas"]
