from __future__ import annotations

import pytest

from steward.agents import services as sessions
from steward.live import services
from steward.live.control import ControlWatcher

pytestmark = pytest.mark.django_db(transaction=True)


def test_the_watcher_sees_stop_and_steer_once_each(alice):
    session = services.create_session(app="ideaboard", title="t", created_by=alice)
    sessions.stop(session_id=session.id, by="user:alice")  # before the run: not for it
    watcher = ControlWatcher(session.id, run_id="r_1", min_interval=0)
    assert watcher.poll() == []
    services.append(session_id=session.id, type="run.delta", data={}, by="agent:main")
    sessions.steer(session_id=session.id, text="be brief", by="user:bob", run="r_1")
    sessions.stop(session_id=session.id, by="user:alice", run="r_other")
    sessions.stop(session_id=session.id, by="user:alice")
    events = watcher.poll()
    assert [(e.type, e.by) for e in events] == [
        ("control.steer", "user:bob"),
        ("control.stop", "user:alice"),
    ]
    assert watcher.stop_requested and watcher.stopped_by == events[1]
    assert watcher.poll() == []


def test_wait_returns_empty_after_the_timeout(alice):
    session = services.create_session(app="ideaboard", title="t", created_by=alice)
    assert ControlWatcher(session.id).wait(0.05) == []


def test_starting_from_the_tail_counts_as_a_poll_so_a_stop_comes_at_the_next(alice):
    import time

    session = services.create_session(app="ideaboard", title="t", created_by=alice)
    watcher = ControlWatcher(session.id, min_interval=0.2)
    sessions.stop(session_id=session.id, by="user:alice")
    assert watcher.poll() == []  # the tail was read just now: no query yet
    time.sleep(0.25)
    assert [e.type for e in watcher.poll()] == ["control.stop"]
