"""Claiming a queued run: once, and only when its session has no other active main run."""

from __future__ import annotations

from typing import Any

import pytest

from steward.agents import lifecycle
from steward.agents.models import Run, RunState

pytestmark = pytest.mark.django_db(transaction=True)


def _queued(session: Any, **fields: Any) -> Run:
    return Run.objects.create(session_id=session.id, app="ideaboard", model="m", **fields)


def test_a_queued_run_is_claimed_once_with_its_worker_and_timing(session: Any) -> None:
    run = _queued(session)
    claimed = lifecycle.claim(run.id)
    assert claimed is not None and claimed.pk == run.pk
    assert claimed.state == RunState.RUNNING and claimed.worker == lifecycle.WORKER
    assert claimed.started is not None and claimed.heartbeat is not None
    assert claimed.timings["claimed_ms"] >= 0 and claimed.model == "m"
    assert Run.objects.get(pk=run.pk).state == RunState.RUNNING
    assert lifecycle.claim(run.id) is None  # a second worker gets nothing
    assert lifecycle.claim("r_missing") is None


@pytest.mark.parametrize("active", [RunState.RUNNING, RunState.AWAITING_APPROVAL])
def test_a_main_run_waits_while_its_session_is_busy_but_a_sub_agent_does_not(
    session: Any, active: str
) -> None:
    busy = _queued(session, state=active)
    waiting = _queued(session)
    assert lifecycle.claim(waiting.id) is None
    assert Run.objects.get(pk=waiting.pk).state == RunState.QUEUED
    sub = _queued(session, parent=busy, agent="scout")
    assert lifecycle.claim(sub.id) is not None
    Run.objects.filter(pk=busy.pk).update(state=RunState.COMPLETED)
    assert lifecycle.claim(waiting.id) is not None


def test_a_run_queued_without_a_model_gets_the_configured_one(session: Any, settings) -> None:
    settings.OPENAI_BASE_URL, settings.OPENAI_API_KEY = "", ""
    run = Run.objects.create(session_id=session.id, app="ideaboard")
    claimed = lifecycle.claim(run.id)
    assert claimed is not None and claimed.model == "steward-demo (offline)"
    assert Run.objects.get(pk=run.pk).model == "steward-demo (offline)"


def test_the_claim_tells_whether_the_session_has_earlier_turns(
    session: Any, django_assert_num_queries: Any
) -> None:
    from steward.agents.instructions import history

    first = lifecycle.claim(_queued(session).id)
    assert first is not None and first.has_history is False
    with django_assert_num_queries(0):
        assert history(first) == []  # a first turn reads no history
    queued = _queued(session)
    Run.objects.filter(pk=first.pk).update(state=RunState.COMPLETED, output="Hi.")
    second = lifecycle.claim(queued.id)
    assert second is not None and second.has_history is True
    assert history(second) == [{"role": "assistant", "content": "Hi."}]


def test_a_run_reads_the_apps_skill_again_only_once_a_version_was_added_or_deleted(
    session: Any, django_assert_num_queries: Any
) -> None:
    from steward.agents.instructions import system_message
    from steward.skills.services import save_version

    def system_of_a_new_run() -> str:
        run = lifecycle.claim(_queued(session).id)
        assert run is not None
        Run.objects.filter(pk=run.pk).update(state=RunState.COMPLETED)
        return system_message(run)["content"]

    on_disk = system_of_a_new_run()
    assert "Idea" in on_disk  # the skill file in skills/ideaboard
    save_version(name="ideaboard", app="ideaboard", content="# Board v1", author="user:a")
    assert "# Board v1" in system_of_a_new_run()
    newest = save_version(name="ideaboard", app="ideaboard", content="# Board v2", author="a")
    assert "# Board v2" in system_of_a_new_run()
    newest.delete()  # an admin removes the newest version
    assert "# Board v1" in system_of_a_new_run()

    run = lifecycle.claim(_queued(session).id)
    assert run is not None
    with django_assert_num_queries(0):  # unchanged since the last run: no query
        assert "# Board v1" in system_message(run)["content"]


@pytest.mark.production
def test_two_runs_of_one_session_claimed_at_the_same_moment_never_both_run(session: Any) -> None:
    """Two messages said at once are dispatched as two "oldest queued" runs; while one claim
    is not yet committed, the other waits for it and then sees the session busy."""
    import threading

    from django.db import connection, transaction

    first, second = _queued(session), _queued(session)
    other: list[Run | None] = []

    def claim_the_second() -> None:
        try:
            other.append(lifecycle.claim(second.id))
        finally:
            connection.close()

    thread = threading.Thread(target=claim_the_second)
    with transaction.atomic():
        assert lifecycle.claim(first.id) is not None  # claimed, not yet committed
        thread.start()
        # Commit only once the other claim has finished (the race) or waits for a lock.
        for _ in range(200):
            if other or _waiting_for_a_lock():
                break
            thread.join(0.05)
    thread.join(30)

    assert other == [None]
    assert Run.objects.get(pk=second.pk).state == RunState.QUEUED


def _waiting_for_a_lock() -> bool:
    from django.db import connections

    with connections["default"].cursor() as cursor:
        cursor.execute("SELECT count(*) FROM pg_locks WHERE NOT granted")
        return bool(cursor.fetchone()[0])
