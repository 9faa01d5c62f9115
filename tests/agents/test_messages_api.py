"""POST /api/sessions/<id>/messages: say something, an agent run answers."""

from __future__ import annotations

from typing import Any

from rest_framework.test import APIClient

from tests.agents.conftest import finished
from tests.support.openai_standin import OpenAIStandIn, Reply


def test_an_operator_says_something_and_a_run_starts(
    model: OpenAIStandIn, session: Any, alice: Any
) -> None:
    model.script(Reply.say("Hello Alice."))
    api = APIClient()
    api.force_login(alice)
    response = api.post(f"/api/sessions/{session.id}/messages", {"text": "hi"}, format="json")
    assert response.status_code == 202, response.content
    body = response.json()
    assert body["event"]["type"] == "session.message" and body["event"]["by"] == "user:alice"
    run = finished(body["run"]["id"])
    assert run.output == "Hello Alice." and run.prompt_seq == body["event"]["seq"]
    assert api.get(f"/api/runs/{run.id}").json()["state"] == "completed"
    listed = api.get(f"/api/sessions/{session.id}/runs").json()
    assert [r["id"] for r in listed] == [run.id] and listed[0]["output"] == "Hello Alice."


def test_an_app_token_may_say_something_too(model: OpenAIStandIn, session: Any, alice: Any) -> None:
    from steward.access.services import issue_token

    token, secret = issue_token(name="codex", owner=alice, app="ideaboard")
    model.script(Reply.say("Hello codex."))
    api = APIClient()
    api.credentials(HTTP_AUTHORIZATION=f"Bearer {secret}")
    response = api.post(f"/api/sessions/{session.id}/messages", {"text": "hi"}, format="json")
    assert response.status_code == 202, response.content
    run = finished(response.json()["run"]["id"])
    assert run.state == "completed" and run.token_id == str(token.pk)
    assert run.started_by == "token:codex"


def test_a_viewer_may_not_start_runs(model: OpenAIStandIn, session: Any, bob: Any) -> None:
    api = APIClient()
    api.force_login(bob)
    response = api.post(f"/api/sessions/{session.id}/messages", {"text": "hi"}, format="json")
    assert response.status_code == 403
    assert "operator role" in response.json()["error"]["message"]
    assert not model.requests


def test_a_message_over_the_websocket_starts_a_run(
    model: OpenAIStandIn, session: Any, alice: Any
) -> None:
    """C's consumer calls live.say(by="user:alice"): the receiver resolves alice."""
    from steward.agents.models import Run
    from steward.live.services import say

    model.script(Reply.say("Hi from the socket."))
    say(session_id=session.id, text="hello", by="user:alice")
    run = finished(Run.objects.get(session_id=session.id).id)
    assert run.output == "Hi from the socket." and run.started_by == "user:alice"


def test_a_tokens_message_over_the_websocket_starts_a_run_as_that_token(
    model: OpenAIStandIn, session: Any, alice: Any
) -> None:
    from steward.access.services import issue_token
    from steward.agents.models import Run
    from steward.live.services import say

    token, _ = issue_token(name="nightly-bot", owner=alice, app="ideaboard")
    model.script(Reply.say("Hi bot."))
    say(session_id=session.id, text="hello", by="token:nightly-bot")
    run = finished(Run.objects.get(session_id=session.id).id)
    assert run.state == "completed" and run.token_id == str(token.pk)
