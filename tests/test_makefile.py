"""`make test`: both passes run even when the first fails; both summaries; non-zero exit."""

from __future__ import annotations

import os
import shutil
import subprocess

import pytest

from tests.support.config import is_production_config
from tests.support.servers import ROOT

pytestmark = pytest.mark.slow


@pytest.mark.skipif(shutil.which("make") is None, reason="needs make")
def test_make_test_runs_the_production_pass_after_a_failing_embedded_one() -> None:
    if is_production_config():
        pytest.skip("runs both passes itself; once (from the embedded pass) is enough")
    env = {k: v for k, v in os.environ.items() if k not in ("DATABASE_URL", "REDIS_URL", "CI")}
    services = subprocess.run(
        [str(ROOT / ".venv/bin/python"), "scripts/services_up.py",
         "postgres://root@127.0.0.1:5432/test", "redis://127.0.0.1:6379/0"],
        cwd=ROOT, capture_output=True, timeout=30,
    )  # fmt: skip
    if services.returncode:
        pytest.skip("the production pass needs PostgreSQL and Redis on loopback")

    result = subprocess.run(
        ["make", "--no-print-directory", "test", "PYTEST_ARGS=-q tests/support/make_probe.py"],
        cwd=ROOT, env=env, capture_output=True, text=True, timeout=600,
    )  # fmt: skip

    out = result.stdout
    assert result.returncode != 0, out + result.stderr
    embedded, production = out.splitlines()[-2:]
    assert "embedded" in embedded and "FAILED" in embedded and "1 failed" in embedded, out
    assert "production" in production and "ok" in production, out
    assert "1 passed" in production, out
