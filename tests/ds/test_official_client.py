"""The official @durable-streams/client (npm) drives /ds/ streams against real daphne."""

from __future__ import annotations

import json
import shutil
import subprocess
from pathlib import Path

import pytest

from steward.access.services import issue_stream_token
from tests.support.servers import ROOT

SCRIPT = Path(__file__).with_name("official_client.mjs")

pytestmark = pytest.mark.skipif(
    shutil.which("node") is None
    or not (ROOT / "node_modules" / "@durable-streams" / "client").exists(),
    reason="needs node and `npm install` (make install runs it)",
)


def test_the_official_client_creates_appends_reads_closes_and_deletes(server, alice):
    _, secret = issue_stream_token(
        name="node", owner=alice, prefix="/team/", scopes=["read", "write", "create"]
    )
    out = subprocess.run(
        ["node", str(SCRIPT), server.url, secret],
        cwd=ROOT,
        capture_output=True,
        text=True,
        timeout=90,
    )
    assert out.returncode == 0, out.stderr + server.log.read_text()[-3000:]
    seen = json.loads(out.stdout)

    assert seen["catchup"]["items"] == [{"n": 1}, {"n": 2, "text": "héllo"}]
    assert seen["catchup"]["upToDate"] is True
    assert seen["long-poll"] == [{"live": "long-poll"}]
    assert seen["sse"] == [{"live": "sse"}]

    producer = seen["producer"]
    assert producer["text"] == "alpha beta gamma"
    assert producer["streamClosed"] is True
    assert producer["offset"] == producer["closedOffset"]
    assert producer["lateAppend"]["status"] == 409

    assert seen["closedHead"]["streamClosed"] is True
    assert seen["closedHead"]["offset"] == seen["close"]["finalOffset"]
    assert seen["afterDelete"] == {"exists": False}
