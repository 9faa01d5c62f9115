from __future__ import annotations

import pytest
from django.db import transaction

from steward.live import services
from steward.live.exceptions import InvalidEvent, UnknownSession
from steward.live.models import Event, Session, app_stream

pytestmark = pytest.mark.django_db(transaction=True)


def test_a_new_session_has_an_s_prefixed_id_and_an_empty_log(alice):
    session = services.create_session(app="ideaboard", title="Plan", created_by=alice)
    assert session.id.startswith("s_")
    assert Session.objects.get(pk=session.id).created_by == alice
    assert services.tail(session.stream_key) == 0


def test_appends_get_consecutive_seqs_from_one(alice):
    session = services.create_session(app="ideaboard", title="t", created_by=alice)
    seqs = [
        services.append(session_id=session.id, type="run.delta", data={"text": str(i)}, by="x").seq
        for i in range(5)
    ]
    assert seqs == [1, 2, 3, 4, 5]
    envelope = Event.objects.get(stream_id=session.stream_key, seq=3).to_dict()
    assert envelope["type"] == "run.delta" and envelope["data"] == {"text": "2"}
    assert envelope["ts"].endswith("Z")


def test_an_append_to_an_unknown_session_says_how_to_create_one():
    with pytest.raises(UnknownSession, match="POST /api/sessions/"):
        services.append(session_id="s_nope", type="run.delta", data={}, by="x")


def test_an_event_type_must_be_namespaced(alice):
    session = services.create_session(app="ideaboard", title="t", created_by=alice)
    with pytest.raises(InvalidEvent, match="namespaced"):
        services.append(session_id=session.id, type="delta", data={}, by="x")


def test_an_append_rolls_back_with_the_callers_transaction(alice):
    session = services.create_session(app="ideaboard", title="t", created_by=alice)
    with pytest.raises(RuntimeError), transaction.atomic():
        services.append(session_id=session.id, type="run.delta", data={}, by="x")
        raise RuntimeError("the change failed")
    assert services.tail(session.stream_key) == 0
    assert services.append(session_id=session.id, type="run.delta", data={}, by="x").seq == 1


def test_app_feeds_are_created_on_first_event():
    event = services.append_app_event(app="crm", type="app.changed", data={"a": 1}, by="user:a")
    assert event.seq == 1 and event.stream_id == app_stream("crm")


def _title_guard(session_id: str, expected: str) -> services.Guard:
    """A guard that renames the session only while it still has ``expected`` as its title."""
    return services.Guard(
        "UPDATE live_session SET title = %s WHERE id = %s AND title = %s RETURNING 1",
        (f"{expected}+", session_id, expected),
    )


@pytest.mark.parametrize("streaming", [False, True])
def test_a_guarded_append_lands_with_its_guards_change_or_not_at_all(alice, streaming):
    from steward.live.exceptions import GuardFailed

    session = services.create_session(app="ideaboard", title="a", created_by=alice)
    first = services.append(
        session_id=session.id, type="run.delta", data={"text": "1"}, by="x",
        streaming=streaming, guard=_title_guard(session.id, "a"),
    )  # fmt: skip
    assert first.seq == 1 and Session.objects.get(pk=session.id).title == "a+"
    with pytest.raises(GuardFailed):
        services.append(
            session_id=session.id, type="run.delta", data={"text": "2"}, by="x",
            streaming=streaming, guard=_title_guard(session.id, "a"),
        )  # fmt: skip
    assert services.tail(session.stream_key) == 1  # nothing written, no seq used
    assert Session.objects.get(pk=session.id).title == "a+"
    with pytest.raises(UnknownSession):
        services.append(
            session_id="s_missing", type="run.delta", data={}, by="x",
            guard=_title_guard("s_missing", "a"),
        )  # fmt: skip
