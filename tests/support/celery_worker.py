"""A real ``celery -A steward worker`` on its own queue, for tests and benchmarks."""

from __future__ import annotations

import os
import signal
import subprocess
import sys
import time
import uuid
from collections.abc import Iterator
from contextlib import contextmanager
from pathlib import Path

from tests.support.servers import ROOT


def unique_queue() -> str:
    """A queue no other test run consumes, so parallel runs never take each other's tasks."""
    return f"steward-test-{os.getpid()}-{uuid.uuid4().hex[:6]}"


@contextmanager
def celery_worker(
    log: Path, env: dict[str, str], *, concurrency: int = 1
) -> Iterator[subprocess.Popen[bytes]]:
    """A worker in its own process group consuming ``env["STEWARD_CELERY_QUEUE"]``."""
    with log.open("wb") as out:
        process = subprocess.Popen(
            [sys.executable, "-m", "celery", "-A", "steward", "worker", "--loglevel=INFO",
             f"--concurrency={concurrency}", "-Q", env["STEWARD_CELERY_QUEUE"], "--without-gossip",
             "--without-mingle", "--without-heartbeat", "-n", f"test-{uuid.uuid4().hex[:6]}@%h"],
            cwd=ROOT, env=env, stdout=out, stderr=subprocess.STDOUT, start_new_session=True,
        )  # fmt: skip
    try:
        deadline = time.monotonic() + 60
        while b"ready." not in log.read_bytes():
            if process.poll() is not None:
                raise RuntimeError(f"the worker exited:\n{log.read_text()[-3000:]}")
            if time.monotonic() > deadline:
                raise RuntimeError(f"the worker did not start:\n{log.read_text()[-3000:]}")
            time.sleep(0.1)
        yield process
    finally:
        if process.poll() is None:
            os.killpg(process.pid, signal.SIGKILL)
            process.wait(timeout=10)
