"""POST /api/sessions/<id>/messages: say something, an agent run answers."""

from __future__ import annotations

import asyncio
from typing import Any

from rest_framework.test import APIClient

from steward.agents.models import Run
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


async def _say_over_the_websocket(session_id: str, user: Any, headers: Any = None) -> Any:
    """Say "hello" through the real session consumer; returns the run the message started."""
    from channels.db import database_sync_to_async

    from steward.agents.models import Run
    from tests.live.support import communicator

    def first_run_id() -> str | None:
        return Run.objects.filter(session_id=session_id).values_list("pk", flat=True).first()

    comm = communicator(f"/ws/sessions/{session_id}/", user, headers)
    assert (await comm.connect())[0]
    await comm.send_json_to({"op": "say", "text": "hello"})
    run_id = None
    for _ in range(100):
        run_id = await database_sync_to_async(first_run_id)()
        if run_id:
            break
        await asyncio.sleep(0.05)
    await comm.disconnect()
    assert run_id, "the message said over the WebSocket started no run"
    return await asyncio.to_thread(finished, run_id)


async def test_a_persons_message_over_the_websocket_starts_a_run_as_that_person(
    model: OpenAIStandIn, session: Any, alice: Any
) -> None:
    model.script(Reply.say("Hi from the socket."))
    run = await _say_over_the_websocket(session.id, alice)
    assert run.output == "Hi from the socket." and run.started_by == "user:alice"


async def test_a_tokens_message_over_the_websocket_starts_a_run_as_that_token(
    model: OpenAIStandIn, session: Any, alice: Any
) -> None:
    from channels.db import database_sync_to_async

    from steward.access.services import issue_token

    # Two tokens share the name: the run must act as the one that connected, not guess.
    await database_sync_to_async(issue_token)(name="nightly-bot", owner=alice, app="ideaboard")
    token, secret = await database_sync_to_async(issue_token)(
        name="nightly-bot", owner=alice, app="ideaboard"
    )
    model.script(Reply.say("Hi bot."))
    headers = [(b"authorization", f"Bearer {secret}".encode())]
    run = await _say_over_the_websocket(session.id, None, headers)
    assert run.state == "completed" and run.token_id == str(token.pk)


def test_a_runs_own_token_is_revoked_when_the_run_ends_but_an_agents_token_is_not(
    model: OpenAIStandIn, session: Any, alice: Any
) -> None:
    from steward.access.models import AgentToken
    from steward.access.services import issue_token

    model.script(Reply.say("Done."), Reply.say("Done too."))
    api = APIClient()
    api.force_login(alice)
    response = api.post(f"/api/sessions/{session.id}/messages", {"text": "hi"}, format="json")
    run = finished(response.json()["run"]["id"])
    issued = AgentToken.objects.get(pk=run.token_id)
    assert issued.name == f"agent run {run.id}" and issued.is_revoked

    token, secret = issue_token(name="codex", owner=alice, app="ideaboard")
    api = APIClient()
    api.credentials(HTTP_AUTHORIZATION=f"Bearer {secret}")
    response = api.post(f"/api/sessions/{session.id}/messages", {"text": "hi"}, format="json")
    assert finished(response.json()["run"]["id"]).state == "completed"
    token.refresh_from_db()
    assert not token.is_revoked  # the agent's own token outlives the run it started


def test_deeply_nested_json_answers_400_and_starts_nothing(
    model: OpenAIStandIn, session: Any, alice: Any
) -> None:
    from steward.agents.models import Run

    api = APIClient()
    api.force_login(alice)
    for body in ("[" * 5000 + "]" * 5000, '{"text": "hi", "x": ' + "[" * 100 + "]" * 100 + "}"):
        response = api.post(
            f"/api/sessions/{session.id}/messages", body, content_type="application/json"
        )
        assert response.status_code == 400, response.content
        assert "nested" in response.json()["error"]["message"]
    assert not Run.objects.exists() and not model.requests


def test_a_message_whose_text_is_not_a_string_is_refused(session: Any, alice: Any) -> None:
    api = APIClient()
    api.force_login(alice)

    response = api.post(f"/api/sessions/{session.id}/messages", {"text": 0}, format="json")

    assert response.status_code == 400
    assert response.json()["error"]["fields"] == {"text": ["Send a JSON string here, not int."]}
    assert not Run.objects.filter(session_id=session.id).exists()
