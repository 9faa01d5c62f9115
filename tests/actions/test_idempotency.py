"""Idempotency-Key: Stripe semantics, scoped to the caller and the action."""

from __future__ import annotations

from datetime import timedelta

import pytest
from django.core.management import call_command
from django.test import override_settings
from django.utils import timezone

from apps.ideaboard.models import Idea
from steward.actions.models import IdempotencyRecord
from steward.audit.models import AuditEntry
from tests.support.actions_api import call

pytestmark = pytest.mark.django_db


def keyed(client, body, key="k-1", name="add_idea"):
    return call(client, "ideaboard", name, body, HTTP_IDEMPOTENCY_KEY=key)


def test_the_same_key_and_arguments_replay_the_stored_response(agent):
    first = keyed(agent, {"title": "Once"})
    second = keyed(agent, {"title": "Once"})

    assert first.status_code == second.status_code == 200
    assert second.json() == first.json()
    assert second["Idempotent-Replayed"] == "true"
    assert "Idempotent-Replayed" not in first
    assert Idea.objects.count() == 1
    assert list(AuditEntry.objects.order_by("seq").values_list("status", flat=True)) == [
        "ok", "replayed",
    ]  # fmt: skip


def test_the_same_key_with_other_arguments_is_422(agent):
    keyed(agent, {"title": "Once"})

    response = keyed(agent, {"title": "Twice"})

    assert response.status_code == 422
    assert response.json()["error"]["code"] == "idempotency_conflict"
    assert Idea.objects.count() == 1


def test_keys_are_scoped_to_the_token(api, issue):
    _, one = issue(name="one")
    _, two = issue(name="two")

    api.credentials(HTTP_AUTHORIZATION=f"Bearer {one}")
    keyed(api, {"title": "A"})
    api.credentials(HTTP_AUTHORIZATION=f"Bearer {two}")
    response = keyed(api, {"title": "B"})

    assert response.status_code == 200
    assert "Idempotent-Replayed" not in response
    assert Idea.objects.count() == 2


def test_keys_are_scoped_to_the_action(agent):
    keyed(agent, {"title": "A"})
    idea = Idea.objects.get()

    response = keyed(agent, {"idea_id": idea.pk, "score": 5}, name="score_idea")

    assert response.status_code == 200
    assert "Idempotent-Replayed" not in response


def test_a_failed_call_does_not_use_up_the_key(agent):
    assert keyed(agent, {"idea_id": 999, "score": 5}, name="score_idea").status_code == 404
    Idea.objects.create(title="x", pk=999)

    assert keyed(agent, {"idea_id": 999, "score": 5}, name="score_idea").status_code == 200


@override_settings(STEWARD_IDEMPOTENCY_TTL_HOURS=24)
def test_a_key_expires_after_its_ttl_and_is_purged(agent):
    keyed(agent, {"title": "Old"})
    IdempotencyRecord.objects.update(expires=timezone.now() - timedelta(seconds=1))

    response = keyed(agent, {"title": "New"})
    assert response.status_code == 200
    assert Idea.objects.count() == 2

    IdempotencyRecord.objects.update(expires=timezone.now() - timedelta(seconds=1))
    call_command("purge_idempotency_keys")
    assert not IdempotencyRecord.objects.exists()


def test_a_key_lives_for_the_configured_hours(agent):
    with override_settings(STEWARD_IDEMPOTENCY_TTL_HOURS=3):
        keyed(agent, {"title": "x"})
    record = IdempotencyRecord.objects.get()

    assert (
        timedelta(hours=2, minutes=59)
        < record.expires - record.created
        < timedelta(hours=3, minutes=1)
    )


def test_a_pending_approval_is_replayed_too(agent):
    idea = Idea.objects.create(title="x")

    first = keyed(agent, {"idea_id": idea.pk}, name="archive_idea")
    second = keyed(agent, {"idea_id": idea.pk}, name="archive_idea")

    assert first.status_code == second.status_code == 202
    assert second.json()["approval"]["id"] == first.json()["approval"]["id"]
