"""purge_sessions removes idle sessions' events (in batches), reports them, keeps audit."""

from __future__ import annotations

from datetime import timedelta
from io import StringIO
from typing import Any

import pytest
from django.core.management import CommandError, call_command
from django.utils import timezone

from steward.access.actors import Actor
from steward.actions.services import invoke
from steward.audit.models import AuditEntry
from steward.live import retention, services
from steward.live.models import Event, Session, Stream

pytestmark = pytest.mark.django_db


def aged(session: Any, days: int) -> Any:
    """Make the session and its events ``days`` old."""
    then = timezone.now() - timedelta(days=days)
    Session.objects.filter(pk=session.pk).update(created=then)
    Event.objects.filter(stream_id=session.stream_key).update(ts=then)
    return session


def opened(alice: Any, app: str = "ideaboard", events: int = 3) -> Any:
    session = services.create_session(app=app, title="t", created_by=alice)
    for i in range(events):
        services.append(session_id=session.id, type="session.message", data={"i": i}, by="a")
    return session


def purge(*args: str) -> str:
    out = StringIO()
    call_command("purge_sessions", *args, stdout=out)
    return out.getvalue()


def test_old_sessions_go_with_their_events_recent_ones_and_audit_stay(alice: Any) -> None:
    old = aged(opened(alice, events=5), days=120)
    recent_activity = aged(opened(alice), days=120)
    services.append(session_id=recent_activity.id, type="session.message", data={}, by="a")
    fresh = opened(alice)
    invoke(actor=Actor.for_user(alice), app="ideaboard", name="add_idea", args={"title": "x"})
    audit = AuditEntry.objects.count()

    report = purge("--older-than", "90d")

    assert "Removed 1 session(s)" in report and "5 event(s)" in report and old.id in report
    assert not Session.objects.filter(pk=old.id).exists()
    assert not Event.objects.filter(stream_id=old.stream_key).exists()
    assert not Stream.objects.filter(key=old.stream_key).exists()
    assert Session.objects.filter(pk__in=[recent_activity.id, fresh.id]).count() == 2
    assert Event.objects.filter(stream_id=fresh.stream_key).count() == 3
    assert AuditEntry.objects.count() == audit


def test_a_dry_run_reports_and_removes_nothing(alice: Any) -> None:
    old = aged(opened(alice, events=4), days=100)
    report = purge("--older-than", "90d", "--dry-run")
    assert "Would remove 1 session(s)" in report and "4 event(s)" in report
    assert Event.objects.filter(stream_id=old.stream_key).count() == 4


def test_app_limits_the_purge_to_one_app(alice: Any) -> None:
    crm = aged(opened(alice, app="crm"), days=100)
    board = aged(opened(alice), days=100)
    purge("--older-than", "90d", "--app", "crm")
    assert not Session.objects.filter(pk=crm.id).exists()
    assert Session.objects.filter(pk=board.id).exists()


def test_events_go_in_batches(alice: Any, monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setattr(retention, "BATCH", 2)
    old = aged(opened(alice, events=5), days=100)
    report = retention.purge_sessions(older_than=timedelta(days=90))
    assert (report.sessions, report.events) == (1, 5)
    assert not Event.objects.filter(stream_id=old.stream_key).exists()


def test_bad_arguments_say_how_to_fix_them() -> None:
    with pytest.raises(CommandError, match="90m, 12h, 30d or 2w"):
        purge("--older-than", "ninety")
    with pytest.raises(CommandError, match="not a hosted app"):
        purge("--older-than", "90d", "--app", "nope")


def test_the_beat_task_runs_the_same_purge(alice: Any) -> None:
    from steward.live.tasks import purge_old_sessions

    aged(opened(alice, events=2), days=100)
    assert purge_old_sessions(older_than="90d") == {"sessions": 1, "events": 2}
