from __future__ import annotations

import json
import subprocess
import sys
import time

import pytest

from steward.agents import services as sessions
from steward.live import services
from steward.live.demo import full_text
from steward.live.models import Event
from tests.support.servers import ROOT, subprocess_env

pytestmark = pytest.mark.django_db(transaction=True)


def test_streamdemo_writes_a_whole_run(alice, capsys):
    from django.core.management import call_command

    session = services.create_session(app="ideaboard", title="t", created_by=alice)
    call_command("streamdemo", session.id, events=20, rate=0)
    out = json.loads(capsys.readouterr().out)
    assert out["outcome"] == "completed" and out["deltas"] == 20
    events = list(Event.objects.filter(stream_id=session.stream_key).order_by("seq"))
    assert [e.type for e in events][:2] == ["run.started", "run.delta"]
    assert events[-1].type == "run.completed"
    assert "".join(e.data["text"] for e in events if e.type == "run.delta") == full_text(20)


def test_streamdemo_in_its_own_process_ends_at_once_with_run_cancelled_on_stop(alice):
    session = services.create_session(app="ideaboard", title="t", created_by=alice)
    proc = subprocess.Popen(
        [sys.executable, "manage.py", "streamdemo", session.id, "--events=2000", "--rate=100"],
        cwd=ROOT,
        env=subprocess_env(),
        stdout=subprocess.PIPE,
        stderr=subprocess.PIPE,
    )
    try:
        deadline = time.monotonic() + 30
        while services.tail(session.stream_key) < 20:
            assert time.monotonic() < deadline and proc.poll() is None, proc.stderr
            time.sleep(0.05)
        sessions.stop(session_id=session.id, by="user:alice")
        out, _err = proc.communicate(timeout=10)
    finally:
        proc.kill()
    result = json.loads(out)
    assert result["outcome"] == "cancelled" and result["stopped_by"] == "user:alice"
    assert 10 < result["deltas"] < 2000
    last = Event.objects.filter(stream_id=session.stream_key).order_by("-seq").first()
    assert last is not None and last.type == "run.cancelled"
    assert last.data["stopped_by"] == "user:alice"
