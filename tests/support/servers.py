"""Start real server processes (daphne, gunicorn, celery) on loopback for end-to-end tests."""

from __future__ import annotations

import os
import socket
import subprocess
import sys
import time
import urllib.request
from collections.abc import Iterator
from contextlib import contextmanager
from dataclasses import dataclass
from pathlib import Path

from tests.support.config import database_url_for_subprocess

ROOT = Path(__file__).resolve().parents[2]
HOOKS_SETTINGS = "tests.support.settings"
"""Settings for a server that serves the test hooks too (``POST /__live__/close``)."""


def free_port() -> int:
    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        return int(sock.getsockname()[1])


def subprocess_env(**extra: str) -> dict[str, str]:
    """The environment for a child process sharing this test run's database and Redis prefix."""
    env = dict(os.environ)
    # A browser test's permission to call the ORM from Playwright's loop is not the server's.
    env.pop("DJANGO_ALLOW_ASYNC_UNSAFE", None)
    env["DATABASE_URL"] = database_url_for_subprocess()
    env["PYTHONPATH"] = os.pathsep.join([str(ROOT / "platform"), str(ROOT)])
    env.setdefault("STEWARD_DATA_DIR", str(ROOT / "var"))
    env["DJANGO_SETTINGS_MODULE"] = "steward.settings"
    env.update(extra)
    return env


@dataclass
class Server:
    url: str
    port: int
    process: subprocess.Popen[bytes]
    log: Path

    @property
    def ws_url(self) -> str:
        return self.url.replace("http://", "ws://", 1)

    def stop(self) -> None:
        if self.process.poll() is None:
            self.process.terminate()
            try:
                self.process.wait(timeout=10)
            except subprocess.TimeoutExpired:
                self.process.kill()
                self.process.wait(timeout=5)


def wait_for_http(
    url: str, process: subprocess.Popen[bytes], log: Path, timeout: float = 60
) -> None:
    deadline = time.monotonic() + timeout
    while time.monotonic() < deadline:
        if process.poll() is not None:
            raise RuntimeError(
                f"server exited with {process.returncode}:\n{log.read_text()[-4000:]}"
            )
        try:
            with urllib.request.urlopen(url, timeout=1) as response:
                if response.status == 200:
                    return
        except OSError:
            time.sleep(0.1)
    raise RuntimeError(
        f"server at {url} did not answer within {timeout}s:\n{log.read_text()[-4000:]}"
    )


@contextmanager
def daphne_server(
    tmp_path: Path, *, settings: str = "steward.settings", **env: str
) -> Iterator[Server]:
    """A real daphne process serving steward.asgi on a free loopback port.

    ``settings`` is the process's DJANGO_SETTINGS_MODULE: HOOKS_SETTINGS adds the test hooks.
    """
    port = free_port()
    log = tmp_path / f"daphne-{port}.log"
    with log.open("wb") as out:
        process = subprocess.Popen(
            [
                sys.executable,
                "-m",
                "daphne",
                "-b",
                "127.0.0.1",
                "-p",
                str(port),
                "steward.asgi:application",
            ],
            cwd=ROOT,
            env=subprocess_env(DJANGO_SETTINGS_MODULE=settings, **env),
            stdout=out,
            stderr=subprocess.STDOUT,
        )
    server = Server(url=f"http://127.0.0.1:{port}", port=port, process=process, log=log)
    try:
        wait_for_http(f"{server.url}/healthz", process, log)
        yield server
    finally:
        server.stop()


@contextmanager
def gunicorn_server(tmp_path: Path, *, workers: int = 2, **env: str) -> Iterator[Server]:
    """A real gunicorn (sync workers) serving steward.wsgi on a free loopback port, the way
    deploy/ serves the HTTP API and pages."""
    port = free_port()
    log = tmp_path / f"gunicorn-{port}.log"
    with log.open("wb") as out:
        process = subprocess.Popen(
            [
                sys.executable,
                "-m",
                "gunicorn",
                "--bind",
                f"127.0.0.1:{port}",
                "--workers",
                str(workers),
                "steward.wsgi:application",
            ],
            cwd=ROOT,
            env=subprocess_env(**env),
            stdout=out,
            stderr=subprocess.STDOUT,
        )
    server = Server(url=f"http://127.0.0.1:{port}", port=port, process=process, log=log)
    try:
        wait_for_http(f"{server.url}/healthz", process, log)
        yield server
    finally:
        server.stop()
