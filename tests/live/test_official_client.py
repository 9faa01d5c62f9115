"""The official @durable-streams/client (npm) reads Steward sessions against real daphne."""

from __future__ import annotations

import json
import shutil
import subprocess
import threading
from pathlib import Path

import pytest
from django.test import Client

from steward.live import services
from steward.live.demo import full_text
from tests.support.servers import ROOT

SCRIPT = Path(__file__).with_name("read_session.mjs")

pytestmark = pytest.mark.skipif(
    shutil.which("node") is None
    or not (ROOT / "node_modules" / "@durable-streams" / "client").exists(),
    reason="needs node and `npm install` (make install runs it)",
)


def read(url: str, offset: str, mode: str, cookie: str) -> dict:
    out = subprocess.run(
        ["node", str(SCRIPT), url, offset, mode, cookie],
        cwd=ROOT,
        capture_output=True,
        text=True,
        timeout=60,
        check=True,
    )
    return json.loads(out.stdout)


def cookie_for(user) -> str:  # type: ignore[no-untyped-def]
    client = Client()
    client.force_login(user)
    return f"sessionid={client.cookies['sessionid'].value}"


def test_the_official_client_reads_a_session_and_resumes_from_a_saved_offset(server, alice):
    from tests.live.writer import synthetic_run

    session = services.create_session(app="ideaboard", title="npm", created_by=alice)
    synthetic_run(session_id=session.id, events=50)
    url, cookie = f"{server.url}/streams/sessions/{session.id}", cookie_for(alice)

    first = read(url, "-1", "catchup", cookie)
    assert [e["seq"] for e in first["items"]] == list(range(1, 53))
    assert first["upToDate"] is True and first["offset"] == "0000000000000052"

    def more() -> None:
        synthetic_run(session_id=session.id, events=30, rate=100)

    for mode in ("long-poll", "sse"):
        saved = read(url, "now", "catchup", cookie)["offset"]
        writer = threading.Thread(target=more)
        writer.start()
        resumed = read(url, saved, mode, cookie)
        writer.join()
        deltas = [e for e in resumed["items"] if e["type"] == "run.delta"]
        assert resumed["items"][0]["seq"] == int(saved) + 1
        assert "".join(e["data"]["text"] for e in deltas) == full_text(30)
