from __future__ import annotations

import threading

import pytest
from django.db import connection

from steward.live import services
from steward.live.models import Event

WRITERS = 8
APPENDS = 500


@pytest.mark.production
@pytest.mark.django_db(transaction=True)
def test_eight_concurrent_writers_get_exactly_seq_1_to_4000(alice):
    session = services.create_session(app="ideaboard", title="race", created_by=alice)
    errors: list[BaseException] = []
    start = threading.Barrier(WRITERS)

    def writer(n: int) -> None:
        try:
            start.wait(timeout=30)
            for i in range(APPENDS):
                services.append(
                    session_id=session.id, type="run.delta", data={"w": n, "i": i}, by=f"w{n}"
                )
        except BaseException as exc:
            errors.append(exc)
        finally:
            connection.close()

    threads = [threading.Thread(target=writer, args=(n,)) for n in range(WRITERS)]
    for t in threads:
        t.start()
    for t in threads:
        t.join(timeout=240)
    assert not errors
    seqs = list(
        Event.objects.filter(stream_id=session.stream_key)
        .order_by("seq")
        .values_list("seq", flat=True)
    )
    assert seqs == list(range(1, WRITERS * APPENDS + 1))
    # Each writer's own events stay in its order.
    for n in range(WRITERS):
        mine = Event.objects.filter(stream_id=session.stream_key, by=f"w{n}").order_by("seq")
        assert [e.data["i"] for e in mine] == list(range(APPENDS))
