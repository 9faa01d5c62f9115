# ruff: noqa: F811  (fixtures imported from tests.support.actions_api are redefined as parameters)
"""Idea board actions through REST: each success and each failure mode."""

from __future__ import annotations

import pytest

from apps.ideaboard.models import Idea
from tests.support.actions_api import agent, api, call, issue  # noqa: F401

pytestmark = pytest.mark.django_db


def act(client, name, body=None):
    return call(client, "ideaboard", name, body or {})


@pytest.fixture
def idea():
    return Idea.objects.create(title="Dark mode", pitch="Eyes")


def test_add_idea(agent):
    response = act(agent, "add_idea", {"title": "Offline mode", "pitch": "Trains"})

    assert response.status_code == 200
    assert response.json()["result"]["column"] == "inbox"
    assert Idea.objects.get().title == "Offline mode"


@pytest.mark.parametrize(
    ("body", "field"),
    [({}, "title"), ({"title": ""}, "title"), ({"title": "x" * 201}, "title"),
     ({"title": 5}, "title"), ({"title": "x", "pitch": ["a"]}, "pitch")],
)  # fmt: skip
def test_add_idea_rejects_bad_input(agent, body, field):
    response = act(agent, "add_idea", body)

    assert response.status_code == 400
    assert field in response.json()["error"]["fields"]


def test_score_idea(agent, idea):
    response = act(agent, "score_idea", {"idea_id": idea.pk, "score": 8})

    assert response.status_code == 200
    idea.refresh_from_db()
    assert idea.score == 8


@pytest.mark.parametrize("score", [-1, 11, 2.5, "7", None])
def test_score_idea_keeps_scores_between_0_and_10(agent, idea, score):
    response = act(agent, "score_idea", {"idea_id": idea.pk, "score": score})

    assert response.status_code == 400
    assert "score" in response.json()["error"]["fields"]


def test_score_idea_of_a_missing_idea_is_404_with_a_hint(agent):
    response = act(agent, "score_idea", {"idea_id": 404, "score": 1})

    assert response.status_code == 404
    assert "list_ideas" in response.json()["error"]["message"]


def test_an_archived_idea_cannot_be_scored_or_moved(agent, idea):
    Idea.objects.filter(pk=idea.pk).update(archived=True)

    assert act(agent, "score_idea", {"idea_id": idea.pk, "score": 1}).status_code == 400
    assert act(agent, "move_card", {"idea_id": idea.pk, "column": "done"}).status_code == 400


def test_move_card(agent, idea):
    response = act(agent, "move_card", {"idea_id": idea.pk, "column": "building"})

    assert response.status_code == 200
    idea.refresh_from_db()
    assert idea.column == "building"


def test_move_card_to_an_unknown_column_lists_the_columns(agent, idea):
    response = act(agent, "move_card", {"idea_id": idea.pk, "column": "trash"})

    assert response.status_code == 400
    assert "column" in response.json()["error"]["fields"]


def test_list_ideas_filters_and_hides_archived(agent, idea):
    Idea.objects.create(title="Gone", archived=True)
    Idea.objects.create(title="Later", column="done")

    everything = act(agent, "list_ideas").json()["result"]["ideas"]
    done = act(agent, "list_ideas", {"column": "done"}).json()["result"]["ideas"]
    archived = act(agent, "list_ideas", {"include_archived": True}).json()["result"]["ideas"]

    assert {i["title"] for i in everything} == {"Dark mode", "Later"}
    assert [i["title"] for i in done] == ["Later"]
    assert len(archived) == 3
    assert act(agent, "list_ideas", {"limit": 0}).status_code == 400


def test_archive_idea_by_an_agent_waits_for_approval(agent, idea):
    response = act(agent, "archive_idea", {"idea_id": idea.pk})

    assert response.status_code == 202
    idea.refresh_from_db()
    assert not idea.archived


def test_archive_idea_by_an_operator_runs_and_twice_is_refused(alice_client, idea):
    post = lambda: alice_client.post(  # noqa: E731
        "/api/apps/ideaboard/actions/archive_idea/", {"idea_id": idea.pk},
        content_type="application/json",
    )  # fmt: skip

    assert post().status_code == 200
    assert post().status_code == 400


def test_a_viewer_cannot_archive(client, bob, idea):
    client.force_login(bob)

    response = client.post("/api/apps/ideaboard/actions/archive_idea/", {"idea_id": idea.pk},
                           content_type="application/json")  # fmt: skip

    assert response.status_code == 403
