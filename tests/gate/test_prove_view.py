"""Staff start Prove the Loop from an app page and land on the session."""

from __future__ import annotations

import time
from typing import Any

import pytest
from django.template import Context, Template
from django.test import RequestFactory

from apps.ideaboard.models import Idea
from steward.live.models import session_stream
from steward.live.services import read
from tests.support.openai_standin import OpenAIStandIn, Reply

pytestmark = [pytest.mark.slow]


def verdict(session_id: str, timeout: float = 20) -> dict[str, Any]:
    deadline = time.monotonic() + timeout
    while time.monotonic() < deadline:
        for event in read(session_stream(session_id), after=0):
            if event.type == "proof.completed":
                return dict(event.data)
        time.sleep(0.05)
    raise AssertionError("no proof.completed event")


def test_staff_start_a_proof_and_follow_the_session(
    model: OpenAIStandIn, client: Any, carol: Any
) -> None:
    model.script(Reply.calls(("add_idea", {"title": "Tea"})), Reply.say("Added Tea."))
    client.force_login(carol)
    response = client.post("/apps/ideaboard/prove/", {"command": "add an idea called Tea"})
    assert response.status_code == 302
    proof_page = response["Location"]
    assert proof_page.startswith("/apps/ideaboard/proofs/s_")
    session_id = proof_page.rstrip("/").rsplit("/", 1)[-1]
    result = verdict(session_id)
    assert result["passed"] is True
    assert result["actions"] == [{"action": "add_idea", "status": "ok"}]
    assert Idea.objects.filter(title="Tea").exists()
    page = client.get(proof_page).content.decode()
    assert "PASS" in page
    assert f'href="/sessions/{session_id}/"' in page
    fragment = client.get(proof_page, HTTP_HX_REQUEST="true").content.decode()
    assert "PASS" in fragment and "<html" not in fragment


def test_the_proof_page_polls_until_the_verdict(client: Any, carol: Any, alice: Any) -> None:
    from steward.live.services import create_session

    session = create_session(app="ideaboard", title="Prove the loop: x", created_by=carol)
    client.force_login(carol)
    page = client.get(f"/apps/ideaboard/proofs/{session.id}/").content.decode()
    assert 'hx-trigger="every 1s"' in page
    client.force_login(alice)
    assert client.get(f"/apps/ideaboard/proofs/{session.id}/").status_code == 403


def test_people_who_are_not_staff_cannot(alice_client: Any) -> None:
    response = alice_client.post("/apps/ideaboard/prove/", {"command": "add an idea"})
    assert response.status_code == 403


def test_a_command_is_required(client: Any, carol: Any) -> None:
    client.force_login(carol)
    response = client.post("/apps/ideaboard/prove/", {"command": " "})
    assert response.status_code == 400


def test_the_button_partial_shows_for_staff_only(carol: Any, alice: Any) -> None:
    template = Template('{% include "gate/prove_button.html" with app="ideaboard" %}')
    request = RequestFactory().get("/")
    request.user = carol
    html = template.render(Context({"request": request}))
    assert 'action="/apps/ideaboard/prove/"' in html
    request.user = alice
    assert "form" not in template.render(Context({"request": request}))


def test_the_app_page_offers_the_proof_to_staff(client: Any, carol: Any) -> None:
    client.force_login(carol)
    html = client.get("/apps/ideaboard/").content.decode()
    assert 'action="/apps/ideaboard/prove/"' in html
    assert "csrfmiddlewaretoken" in html.split('action="/apps/ideaboard/prove/"')[1]
