"""Authorizing a session socket: exists, may watch, may control — one membership query."""

from __future__ import annotations

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext

from steward.access.actors import Actor
from steward.agents.consumers import SessionConsumer
from steward.live import services as live

pytestmark = pytest.mark.django_db


def _authorize(session_id: str, actor: Actor) -> tuple[tuple[bool, bool, bool], list[str]]:
    consumer = SessionConsumer()
    consumer.scope = {"url_route": {"kwargs": {"session_id": session_id}}}
    consumer.actor = actor
    with CaptureQueriesContext(connection) as queries:
        verdict = consumer.authorize()
    return verdict, [q["sql"] for q in queries.captured_queries]


def test_an_operator_is_authorized_with_one_membership_query(alice):
    session = live.create_session(app="ideaboard", title="t", created_by=alice)

    verdict, sql = _authorize(session.id, Actor.for_user(alice))

    assert verdict == (True, True, True)
    assert sum("access_membership" in q for q in sql) == 1
    assert len(sql) == 2  # the session's app, then the role


def test_a_viewer_watches_but_does_not_control(alice, bob):
    session = live.create_session(app="ideaboard", title="t", created_by=alice)

    verdict, sql = _authorize(session.id, Actor.for_user(bob))

    assert verdict == (True, True, False)
    assert sum("access_membership" in q for q in sql) == 1
