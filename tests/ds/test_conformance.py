"""The official Durable Streams conformance suite (npm) passes against Steward's /ds/."""

from __future__ import annotations

import re
import shutil
import subprocess
from pathlib import Path

import pytest

from tests.support.servers import ROOT, daphne_server

SUITE = ROOT / "node_modules" / "@durable-streams" / "server-conformance-tests"
SUMMARY = re.compile(r"Tests\s+(?:(\d+) failed \| )?(\d+) passed(?: \| (\d+) skipped)?")
ANSI = re.compile(r"\x1b\[[0-9;]*m")


@pytest.mark.production
@pytest.mark.slow
@pytest.mark.timeout(900)
@pytest.mark.skipif(
    shutil.which("npx") is None or not SUITE.exists(),
    reason="needs node and `npm install` (make install runs it)",
)
def test_the_official_conformance_suite_passes(transactional_db, tmp_path: Path) -> None:
    # Long-polls end within the suite's 5 s per-test limit; DEBUG off as in production (it
    # records every query). Most tests expect answers within 5 s, so a badly loaded machine
    # can time some out: the failures then say "Test timed out in 5000ms".
    env = {"STEWARD_STREAMS_OPEN": "true", "STEWARD_DS_LONG_POLL_SECONDS": "2", "DEBUG": "false"}
    with daphne_server(tmp_path, **env) as server:
        run = subprocess.run(
            ["npx", "server-conformance-tests", "--run", f"{server.url}/ds"],
            # The folder holds the vitest config that lets the CLI find its test file.
            cwd=Path(__file__).with_name("conformance"),
            capture_output=True,
            text=True,
            timeout=840,
        )
    output = ANSI.sub("", run.stdout + run.stderr)
    summary = SUMMARY.search(output)
    assert summary is not None, output[-4000:]
    failed, passed = int(summary.group(1) or 0), int(summary.group(2))
    failures = "\n".join(line for line in output.splitlines() if line.startswith(" FAIL"))
    assert failed == 0, failures + "\n" + output[-3000:]
    assert passed >= 330 and run.returncode == 0, output[-3000:]
