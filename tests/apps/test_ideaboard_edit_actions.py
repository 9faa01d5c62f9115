# ruff: noqa: F811  (fixtures imported from tests.support.actions_api are redefined as parameters)
"""Editing, unarchiving and deleting ideas through REST."""

from __future__ import annotations

import pytest

from apps.ideaboard.models import Idea
from steward.audit.models import AuditEntry
from tests.support.actions_api import agent, api, call, issue  # noqa: F401

pytestmark = pytest.mark.django_db


def act(client, name, body=None):
    return call(client, "ideaboard", name, body or {})


@pytest.fixture
def idea():
    return Idea.objects.create(title="Dark mod", pitch="Eyes")


def test_update_idea_changes_only_what_it_is_given(agent, idea):
    response = act(agent, "update_idea", {"idea_id": idea.pk, "title": "Dark mode"})

    assert response.status_code == 200
    idea.refresh_from_db()
    assert (idea.title, idea.pitch) == ("Dark mode", "Eyes")
    act(agent, "update_idea", {"idea_id": idea.pk, "title": None, "pitch": ""})
    idea.refresh_from_db()
    assert (idea.title, idea.pitch) == ("Dark mode", "")


@pytest.mark.parametrize(
    ("body", "status", "field"),
    [({"title": "  "}, 400, "title"), ({"title": "x" * 201}, 400, "title"),
     ({"idea_id": 999, "title": "x"}, 404, None)],
)  # fmt: skip
def test_update_idea_failures(agent, idea, body, status, field):
    response = act(agent, "update_idea", {"idea_id": idea.pk, **body})

    assert response.status_code == status
    if field:
        assert field in response.json()["error"]["fields"]
    idea.refresh_from_db()
    assert idea.title == "Dark mod"


def test_unarchive_idea_brings_it_back_and_refuses_a_live_one(agent, idea):
    Idea.objects.filter(pk=idea.pk).update(archived=True)

    assert act(agent, "unarchive_idea", {"idea_id": idea.pk}).status_code == 200
    idea.refresh_from_db()
    assert idea.archived is False
    again = act(agent, "unarchive_idea", {"idea_id": idea.pk})
    assert again.status_code == 400 and "not archived" in str(again.json())


def test_delete_idea_by_an_agent_waits_for_approval(agent, idea):
    response = act(agent, "delete_idea", {"idea_id": idea.pk})

    assert response.status_code == 202
    assert Idea.objects.filter(pk=idea.pk).exists()


def test_delete_idea_by_a_person_deletes_it_and_is_audited(alice_client, idea):
    response = alice_client.post(
        "/apps/ideaboard/actions/delete_idea/", {"idea_id": idea.pk}, HTTP_HX_REQUEST="true"
    )

    assert response.status_code == 200
    assert not Idea.objects.filter(pk=idea.pk).exists()
    entry = AuditEntry.objects.latest("pk")
    assert (entry.action, entry.status, entry.actor_label) == ("delete_idea", "ok", "user:alice")
