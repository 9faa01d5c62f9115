"""Remove old sessions: their events, their stream and the session row; never audit entries.

A session is old when nothing was appended to it since the cutoff (and it was opened
before it). Safe while the platform serves: each session is first claimed in a short
transaction that re-checks it is still idle and deletes its Session row (from then on
pages, sockets and say() find no session, so nothing new is appended), then its events go
in batches of ``BATCH`` rows, each its own short transaction, and finally its stream.
Runs (agents) and audit entries are kept: they are the accounting, not the conversation.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from datetime import timedelta

from django.db import transaction
from django.db.models import Exists, OuterRef, QuerySet, Value
from django.db.models.functions import Concat
from django.utils import timezone

from steward.live.models import Event, Session, Stream, session_stream

BATCH = 1000


@dataclass
class Purged:
    sessions: int = 0
    events: int = 0
    ids: list[str] = field(default_factory=list)


def idle_sessions(*, older_than: timedelta, app: str | None = None) -> QuerySet[Session]:
    """Sessions opened before the cutoff with no event appended since."""
    cutoff = timezone.now() - older_than
    recent = Event.objects.filter(
        stream_id=Concat(Value("session:"), OuterRef("id")), ts__gte=cutoff
    )
    sessions = Session.objects.filter(created__lt=cutoff).exclude(Exists(recent))
    return sessions.filter(app=app) if app else sessions


def purge_sessions(
    *, older_than: timedelta, app: str | None = None, dry_run: bool = False
) -> Purged:
    """Remove every idle session (see idle_sessions); ``dry_run`` only counts."""
    report = Purged()
    for session_id in list(
        idle_sessions(older_than=older_than, app=app).values_list("id", flat=True)
    ):
        key = session_stream(session_id)
        if dry_run:
            report.events += Event.objects.filter(stream_id=key).count()
        elif _claim(session_id, older_than=older_than, app=app):
            report.events += _delete_events(key)
            Stream.objects.filter(key=key).delete()
        else:
            continue  # became active since the listing: keep it
        report.sessions += 1
        report.ids.append(session_id)
    return report


def _claim(session_id: str, *, older_than: timedelta, app: str | None) -> bool:
    with transaction.atomic():
        still_idle = idle_sessions(older_than=older_than, app=app).filter(pk=session_id)
        return bool(still_idle.delete()[0])


def _delete_events(key: str) -> int:
    removed = 0
    while True:
        with transaction.atomic():
            batch = list(Event.objects.filter(stream_id=key).values_list("pk", flat=True)[:BATCH])
            if not batch:
                return removed
            removed += Event.objects.filter(pk__in=batch).delete()[0]
