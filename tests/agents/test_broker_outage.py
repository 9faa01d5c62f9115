"""A message said while the broker (Redis) is down is answered once the broker is back."""

from __future__ import annotations

import json
import time
import urllib.request
from pathlib import Path
from typing import Any

import pytest

from tests.agents.conftest import finished, transcript
from tests.support.celery_worker import celery_worker, unique_queue
from tests.support.openai_standin import OpenAIStandIn, Reply
from tests.support.redis_server import redis_server
from tests.support.servers import daphne_server, subprocess_env


def _say(url: str, secret: str, session_id: str, text: str) -> tuple[int, dict[str, Any]]:
    request = urllib.request.Request(
        f"{url}/api/sessions/{session_id}/messages",
        data=json.dumps({"text": text}).encode(),
        headers={"Authorization": f"Bearer {secret}", "Content-Type": "application/json"},
        method="POST",
    )
    with urllib.request.urlopen(request, timeout=30) as response:
        return response.status, json.loads(response.read())


@pytest.mark.production
def test_a_run_queued_while_the_broker_was_down_runs_once_when_it_is_back(
    model: OpenAIStandIn, session: Any, alice: Any, tmp_path: Path
) -> None:
    from steward.access.services import issue_token
    from steward.agents.models import Run

    _token, secret = issue_token(name="codex", owner=alice, app="ideaboard")
    model.script(Reply.say("Answered after the outage."))
    with redis_server(tmp_path / "redis.log") as redis:
        env = model.server_env(
            REDIS_URL=redis.url,
            STEWARD_RUNNER="celery",
            STEWARD_CELERY_QUEUE=unique_queue(),
            STEWARD_RUN_HEARTBEAT_SECONDS="1",
            STEWARD_RUN_STALE_SECONDS="3",
        )
        with daphne_server(tmp_path, **env) as web:
            redis.stop()
            status, body = _say(web.url, secret, session.id, "are you there?")
            assert status == 202, body
            run_id = body["run"]["id"]
            assert Run.objects.get(pk=run_id).state == "queued"
            log = web.log.read_text()
            assert "stays queued" in log and "Traceback" not in log, log[-3000:]

            redis.start()
            with celery_worker(tmp_path / "worker.log", subprocess_env(**env)):
                run = finished(run_id, timeout=40)
                # Every process's reaper may hand it over again: one execution still.
                time.sleep(4)

    assert run.state == "completed" and run.output == "Answered after the outage."
    assert len(model.requests) == 1
    started = [e for e in transcript(session.id) if e["type"] == "run.started"]
    assert [e["run"] for e in started] == [run_id]
