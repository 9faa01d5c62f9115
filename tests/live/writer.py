"""The in-process synthetic writer (the test twin of ``manage.py streamdemo``)."""

from __future__ import annotations

from django.db import connection

from steward.live.demo import DemoResult, full_text, run_demo

__all__ = ["full_text", "synthetic_run"]


def synthetic_run(*, session_id: str, events: int, rate: float = 0) -> DemoResult:
    try:
        return run_demo(session_id=session_id, events=events, rate=rate)
    finally:
        connection.close()  # this runs in its own thread
