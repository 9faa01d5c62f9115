"""POST /api/apps/<app>/actions/<name>/: the answers of the REST edge."""

from __future__ import annotations

import pytest

from apps.ideaboard.models import Idea
from steward.audit.models import AuditEntry
from tests.support.actions_api import call

pytestmark = pytest.mark.django_db


def test_an_agent_adds_an_idea_and_the_call_is_audited(agent):
    response = call(agent, "ideaboard", "add_idea", {"title": "Dark mode", "pitch": "Eyes"})

    assert response.status_code == 200, response.content
    body = response.json()
    assert body["status"] == "ok"
    assert body["result"]["title"] == "Dark mode"
    idea = Idea.objects.get()
    assert idea.pitch == "Eyes"
    entry = AuditEntry.objects.calls().get()
    assert (entry.actor_label, entry.app, entry.action, entry.status) == (
        "token:codex",
        "ideaboard",
        "add_idea",
        "ok",
    )
    assert entry.args == {"title": "Dark mode", "pitch": "Eyes"}
    assert body["audit_id"] == entry.pk


def test_missing_and_mistyped_arguments_answer_400_with_field_errors(agent):
    response = call(agent, "ideaboard", "score_idea", {"idea_id": "seven", "score": 11})

    assert response.status_code == 400
    fields = response.json()["error"]["fields"]
    assert set(fields) == {"idea_id", "score"}
    assert AuditEntry.objects.calls().get().status == "invalid"


def test_an_unknown_argument_is_refused_by_name(agent):
    response = call(agent, "ideaboard", "add_idea", {"title": "x", "colour": "red"})

    assert response.status_code == 400
    assert "colour" in response.json()["error"]["fields"]


def test_malformed_json_answers_400_not_500(agent):
    response = agent.post(
        "/api/apps/ideaboard/actions/add_idea/", data="{nope", content_type="application/json"
    )

    assert response.status_code == 400
    assert response.json()["error"]["code"] == "parse_error"
    assert AuditEntry.objects.calls().get().status == "invalid"


@pytest.mark.parametrize("body", ["[1, 2]", '"title"', "42", "null"])
def test_a_body_that_is_not_an_object_answers_400(agent, body):
    response = agent.post(
        "/api/apps/ideaboard/actions/add_idea/", data=body, content_type="application/json"
    )

    assert response.status_code == 400
    assert "JSON object" in response.json()["error"]["message"]


def test_an_unknown_action_or_app_answers_404(agent):
    assert call(agent, "ideaboard", "fly_to_moon").status_code == 404
    assert call(agent, "nowhere", "add_idea").status_code == 404


def test_no_credentials_answer_401_with_a_bearer_challenge(api):
    response = call(api, "ideaboard", "add_idea", {"title": "x"})

    assert response.status_code == 401
    assert response["WWW-Authenticate"].startswith("Bearer")
    assert AuditEntry.objects.calls().get().actor_label == "anonymous"


def test_a_dry_run_returns_the_result_and_changes_nothing(agent):
    response = call(agent, "ideaboard", "add_idea", {"title": "Maybe"}, dry_run=True)

    assert response.status_code == 200
    assert response.json()["status"] == "dry_run"
    assert response.json()["result"]["title"] == "Maybe"
    assert not Idea.objects.exists()
    assert AuditEntry.objects.calls().get().status == "dry_run"


def test_a_person_calls_actions_with_a_session(alice_client):
    response = alice_client.post(
        "/api/apps/ideaboard/actions/add_idea/", {"title": "Mine"}, content_type="application/json"
    )

    assert response.status_code == 200
    assert AuditEntry.objects.calls().get().actor_label == "user:alice"


def test_a_form_body_answers_400_asking_for_json(agent):
    response = agent.post(
        "/api/apps/ideaboard/actions/add_idea/", {"title": "x"}, format="multipart"
    )

    assert response.status_code == 400
    assert "application/json" in response.json()["error"]["message"]


def test_a_nul_character_is_refused_and_the_attempt_still_audited(agent):
    response = call(agent, "ideaboard", "add_idea", {"title": "a\u0000b"})

    assert response.status_code == 400
    assert "title" in response.json()["error"]["fields"]
    assert AuditEntry.objects.calls().get().args == {"title": "a\ufffdb"}


@pytest.mark.parametrize("depth", [100, 5000])
def test_deeply_nested_json_answers_400_and_the_attempt_is_audited(agent, depth):
    body = '{"title": "x", "pitch": ' + "[" * depth + "]" * depth + "}"
    response = agent.post(
        "/api/apps/ideaboard/actions/add_idea/", data=body, content_type="application/json"
    )

    assert response.status_code == 400, response.content
    assert "nested" in response.json()["error"]["message"]
    assert not Idea.objects.exists()
    assert AuditEntry.objects.calls().get().status == "invalid"


@pytest.mark.parametrize("value", ["banana", "", "yes", "2", "TRUE ", "on"])
def test_dry_run_takes_only_a_boolean_and_anything_else_changes_nothing(agent, value):
    response = agent.post(
        f"/api/apps/ideaboard/actions/add_idea/?dry_run={value}",
        data={"title": "Maybe"},
        format="json",
    )

    assert response.status_code == 400, response.content
    assert "dry_run" in response.json()["error"]["fields"]
    assert not Idea.objects.exists()


@pytest.mark.parametrize(
    ("value", "dry"), [("1", True), ("true", True), ("True", True), ("0", False), ("false", False)]
)
def test_dry_run_is_one_of_1_0_true_false(agent, value, dry):
    response = agent.post(
        f"/api/apps/ideaboard/actions/add_idea/?dry_run={value}",
        data={"title": "Maybe"},
        format="json",
    )

    assert response.status_code == 200
    assert response.json()["status"] == ("dry_run" if dry else "ok")
    assert Idea.objects.exists() is not dry


def test_a_dry_run_says_its_result_is_a_preview(agent):
    preview = call(agent, "ideaboard", "add_idea", {"title": "Maybe"}, dry_run=True).json()
    real = call(agent, "ideaboard", "add_idea", {"title": "Really"}).json()

    # The preview's id came from a rolled-back insert: nothing reserves it for later.
    assert preview["status"] == "dry_run" and preview["preview"] is True
    assert "preview" not in real
