"""live 0004 (resume indexes) upgrades a database full of sessions in place: every event
stays, the stream's foreign-key indexes go, and (PostgreSQL) the message index comes."""

from __future__ import annotations

from collections.abc import Iterator

import pytest
from django.core.management import call_command
from django.db import connection

from steward.live import services
from steward.live.demo import run_demo
from tests.support.migrations import migrated_back

pytestmark = [pytest.mark.django_db(transaction=True), pytest.mark.slow]


def indexes_of_event_table() -> set[str]:
    with connection.cursor() as cursor:
        found = connection.introspection.get_constraints(cursor, "live_event")
    return {name for name, info in found.items() if info["index"] and not info["primary_key"]}


def logged(key: str) -> list[tuple[int, str]]:
    return [(e.seq, e.type) for e in services.read(key, after=0)]


@pytest.fixture
def before_the_indexes() -> Iterator[None]:
    with migrated_back("live", "0003_presence"):
        yield


def test_the_upgrade_keeps_every_event_and_swaps_the_indexes(before_the_indexes, alice):
    sessions = [
        services.create_session(app="ideaboard", title=f"s{n}", created_by=alice) for n in range(3)
    ]
    for session in sessions:
        run_demo(session_id=session.id, events=40, rate=0)
    before = {s.id: logged(s.stream_key) for s in sessions}
    fk_indexes = {n for n in indexes_of_event_table() if "stream_id" in n and "seq" not in n}
    assert fk_indexes, "0003 indexes the stream foreign key"

    call_command("migrate", verbosity=0)

    after = {s.id: logged(s.stream_key) for s in sessions}
    assert after == before and all(len(events) > 40 for events in after.values())
    now = indexes_of_event_table()
    assert not fk_indexes & now
    assert ("live_event_message" in now) == (connection.vendor == "postgresql")
