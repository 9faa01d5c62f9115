"""durable-session.js, checked in node with a fake WebSocket: resume, de-duplication,
queued control frames, backoff with jitter, permanent refusals, snapshots."""

from __future__ import annotations

import shutil
import subprocess
from pathlib import Path

import pytest

CHECK = Path(__file__).with_name("durable_session_check.mjs")


@pytest.mark.skipif(shutil.which("node") is None, reason="needs node")
def test_the_js_client_resumes_deduplicates_and_backs_off() -> None:
    result = subprocess.run(["node", str(CHECK)], capture_output=True, text=True, timeout=30)
    assert result.returncode == 0, result.stderr
    assert result.stdout.strip() == "ok"
