from __future__ import annotations

import asyncio

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from steward.live import services
from steward.live.backlog import catch_up
from steward.live.compaction import SNAPSHOT, apply, compact
from tests.live.support import collect, communicator

# A random stream: deltas of a few messages interleaved with other events.
event_kinds = st.one_of(
    st.tuples(st.just("run.delta"), st.sampled_from(["m1", "m2", "m3"]), st.text(max_size=4)),
    st.tuples(st.sampled_from(["run.tool_call", "control.steer"]), st.none(), st.text(max_size=3)),
)


def build(kinds: list[tuple[str, str | None, str]]) -> list[dict]:
    out = []
    for seq, (type, message, text) in enumerate(kinds, start=1):
        data = {"message": message, "text": text} if message else {"text": text}
        out.append({"seq": seq, "type": type, "ts": "t", "by": "agent:x", "data": data})
    return out


def state_of(events: list[dict], initial: dict[str, str] | None = None) -> dict[str, str]:
    state = dict(initial or {})
    for e in events:
        apply(state, e)
    return state


@settings(max_examples=300, deadline=None)
@given(st.lists(event_kinds, max_size=60), st.data())
def test_snapshot_then_tail_equals_all_deltas(kinds, data):
    events = build(kinds)
    resume = data.draw(st.integers(min_value=0, max_value=len(events)))
    cut = data.draw(st.integers(min_value=resume, max_value=len(events)))
    seen, missed, tail = events[:resume], events[resume:cut], events[cut:]
    before = state_of(seen)
    prefix = {m: t for m, t in before.items()}
    compacted = compact(missed, prefix)
    # Same state, same non-delta events in the same order, seqs still increasing.
    assert state_of(compacted + tail, before) == state_of(events)
    others = [e for e in missed if e["type"] != "run.delta"]
    assert [e for e in compacted if e["type"] != SNAPSHOT] == others
    seqs = [e["seq"] for e in compacted + tail]
    assert seqs == sorted(set(seqs))
    assert sum(e["type"] == SNAPSHOT for e in compacted) == len(
        {e["data"]["message"] for e in missed if e["type"] == "run.delta"}
    )


@pytest.mark.django_db(transaction=True)
def test_a_reader_far_behind_gets_one_snapshot_per_message(alice):
    session = services.create_session(app="ideaboard", title="t", created_by=alice)
    for i in range(30):
        services.append(
            session_id=session.id,
            type="run.delta",
            data={"message": "m_a" if i % 3 else "m_b", "text": f"{i},"},
            by="agent:x",
        )
    events = catch_up(session.stream_key, 5, compact_after=10)
    assert [e["type"] for e in events] == [SNAPSHOT, SNAPSHOT]
    texts = {e["data"]["message"]: e["data"]["text"] for e in events}
    assert texts["m_a"] == "".join(f"{i}," for i in range(30) if i % 3)
    assert texts["m_b"] == "".join(f"{i}," for i in range(30) if not i % 3)
    assert events[-1]["seq"] == 30 and events[-1]["data"]["through"] == 30


@pytest.mark.django_db(transaction=True)
async def test_a_websocket_resume_far_behind_is_compacted_and_exact(alice, settings):
    from channels.db import database_sync_to_async

    from steward.live.demo import full_text
    from tests.live.writer import synthetic_run

    settings.STEWARD_LIVE_COMPACT_AFTER = 50
    session = await database_sync_to_async(services.create_session)(
        app="ideaboard", title="t", created_by=alice
    )
    await asyncio.to_thread(synthetic_run, session_id=session.id, events=500)
    comm = communicator(f"/ws/sessions/{session.id}/?after=3", alice)
    assert (await comm.connect())[0]
    events = await collect(comm, lambda ev: any(e["type"] == "run.completed" for e in ev))
    kinds = [e["type"] for e in events if not e["type"].startswith("presence.")]
    assert kinds == [SNAPSHOT, "run.completed"]
    assert events[0]["data"]["text"] == full_text(500)
    await comm.disconnect()


@pytest.mark.django_db(transaction=True)
def test_the_databases_compaction_equals_the_reference_at_every_resume_point(alice):
    """On PostgreSQL catch_up joins the text in SQL; it must match ``compact`` exactly."""
    session = services.create_session(app="ideaboard", title="t", created_by=alice)
    kinds = ["m1", "m2", None, "m1", "m3", "m2", None, "m1"] * 4
    for i, message in enumerate(kinds):
        if message is None:
            services.append(session_id=session.id, type="run.tool_call", data={"i": i}, by="a")
        else:
            data = {"message": message, "text": f"<{i}>"}
            services.append(session_id=session.id, type="run.delta", data=data, by="a", run="r_1")
    everything = services.read_dicts(session.stream_key, 0, 1000)
    for after in range(len(everything)):
        seen = everything[:after]
        expected = compact(everything[after:], state_of(seen))
        assert catch_up(session.stream_key, after, compact_after=0) == expected


@pytest.mark.production
@pytest.mark.django_db(transaction=True)
def test_a_resume_finds_a_messages_earlier_deltas_by_index_not_by_reading_the_log(alice):
    """The text of a message that began before ``after`` is looked up by message
    (live_event_message), so its cost does not grow with the log before it."""
    from django.db import connection

    session = services.create_session(app="ideaboard", title="t", created_by=alice)
    for turn in range(20):
        data = [{"message": f"m{turn}", "text": f"<{i}>"} for i in range(50)]
        services.append_events(
            session.stream_key,
            [services.NewEvent(type="run.delta", data=d, by="a", run="r_1") for d in data],
        )
    queries: list[tuple[str, object]] = []

    def capture(execute, sql, params, many, context):  # type: ignore[no-untyped-def]
        queries.append((sql, params))
        return execute(sql, params, many, context)

    with connection.execute_wrapper(capture):
        events = catch_up(session.stream_key, 975, compact_after=0)
    assert events[0]["data"]["text"].startswith("<0><1>")  # m19's deltas before 975 too
    [(texts, params)] = [q for q in queries if "STRING_AGG" in q[0]]
    with connection.cursor() as cursor:
        cursor.execute("ANALYZE live_event")
        cursor.execute("SET enable_seqscan = off")  # a tiny table would be read whole
        try:
            cursor.execute(f"EXPLAIN {texts}", params)
            plan = "\n".join(row[0] for row in cursor.fetchall())
        finally:
            cursor.execute("RESET enable_seqscan")
    assert "live_event_message" in plan, plan
