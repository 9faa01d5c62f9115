"""Arguments holding text no database can store (a lone surrogate) answer 400 and are audited."""

from __future__ import annotations

import json

import pytest

from apps.ideaboard.models import Idea
from steward.audit.chain import verify
from steward.audit.models import AuditEntry

pytestmark = pytest.mark.django_db


def call(client, app, name, body):
    # json.dumps escapes the surrogate (ensure_ascii), as any client that can send one must.
    return client.post(
        f"/api/apps/{app}/actions/{name}/", data=json.dumps(body), content_type="application/json"
    )


def test_a_lone_surrogate_in_a_value_answers_400_naming_the_field_and_is_audited(agent):
    response = call(agent, "ideaboard", "add_idea", {"title": "bad \ud800 idea", "pitch": "ok"})

    assert response.status_code == 400, response.content
    error = response.json()["error"]
    assert "title" in error["fields"]
    assert "surrogate" in " ".join(error["fields"]["title"]).lower()
    assert not Idea.objects.exists()
    entry = AuditEntry.objects.calls().get()
    assert entry.status == "invalid"
    assert entry.args == {"title": "bad \\ud800 idea", "pitch": "ok"}
    assert verify() == 1


def test_a_lone_surrogate_in_a_key_name_answers_400_and_is_audited(agent):
    response = call(agent, "ideaboard", "add_idea", {"title": "fine", "\udfffkey": "x"})

    assert response.status_code == 400, response.content
    fields = response.json()["error"]["fields"]
    assert list(fields) == ["\\udfffkey"]
    entry = AuditEntry.objects.calls().get()
    assert entry.status == "invalid"
    assert entry.args == {"title": "fine", "\\udfffkey": "x"}
    assert verify() == 1


def test_a_lone_surrogate_deep_in_nested_arguments_is_refused_and_audited(agent):
    response = call(agent, "ideaboard", "add_idea", {"title": "x", "extra": ["a", {"\ud83d": 1}]})

    assert response.status_code == 400, response.content
    assert "extra" in response.json()["error"]["fields"]
    assert AuditEntry.objects.calls().get().args["extra"] == ["a", {"\\ud83d": 1}]
