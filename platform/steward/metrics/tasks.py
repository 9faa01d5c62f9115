"""Celery's task metrics through its signals: counts by state and run time, per task."""

from __future__ import annotations

import time
from typing import Any

from celery.signals import task_postrun, task_prerun, task_retry

from steward.metrics.definitions import celery_duration, celery_tasks

_started: dict[str, float] = {}


def _name(sender: Any) -> str:
    return getattr(sender, "name", None) or "<unknown>"


def _prerun(task_id: str = "", **kwargs: Any) -> None:
    _started[task_id] = time.perf_counter()


def _postrun(sender: Any = None, task_id: str = "", state: str | None = None, **kw: Any) -> None:
    started = _started.pop(task_id, None)
    if started is not None:
        celery_duration.labels(_name(sender)).observe(time.perf_counter() - started)
    celery_tasks.labels(_name(sender), (state or "UNKNOWN").lower()).inc()


def _retry(sender: Any = None, **kwargs: Any) -> None:
    celery_tasks.labels(_name(sender), "retry").inc()


def connect() -> None:
    """Called by steward.celery: workers record their tasks (failures end in postrun too)."""
    task_prerun.connect(_prerun, weak=False)
    task_postrun.connect(_postrun, weak=False)
    task_retry.connect(_retry, weak=False)
