"""Celery tasks of the durable log: the retention purge a beat schedule runs."""

from __future__ import annotations

from celery import shared_task

from steward.access.durations import parse_duration
from steward.live.retention import purge_sessions


@shared_task(name="steward.live.purge_sessions", ignore_result=True)
def purge_old_sessions(older_than: str = "90d", app: str | None = None) -> dict[str, int]:
    """What ``manage.py purge_sessions --older-than <older_than>`` does (settings:
    STEWARD_PURGE_SESSIONS_AFTER adds it to CELERY_BEAT_SCHEDULE, daily)."""
    report = purge_sessions(older_than=parse_duration(older_than), app=app)
    return {"sessions": report.sessions, "events": report.events}
