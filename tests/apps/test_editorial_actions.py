# ruff: noqa: F811  (fixtures imported from tests.support.actions_api are redefined as parameters)
"""Editorial calendar actions through REST: each success and each failure mode."""

from __future__ import annotations

import datetime as dt

import pytest

from apps.editorial.models import Piece
from tests.support.actions_api import api, call, issue  # noqa: F401

pytestmark = pytest.mark.django_db


@pytest.fixture
def editorial(api, issue):
    _, secret = issue(app="editorial")
    api.credentials(HTTP_AUTHORIZATION=f"Bearer {secret}")
    return api


@pytest.fixture
def piece():
    return Piece.objects.create(title="Launch post")


def act(client, name, body=None):
    return call(client, "editorial", name, body or {})


def test_plan_piece(editorial):
    response = act(
        editorial,
        "plan_piece",
        {"title": "Newsletter #1", "channel": "newsletter", "due": "2026-12-01"},
    )

    assert response.status_code == 200
    piece = Piece.objects.get()
    assert (piece.channel, piece.due) == ("newsletter", dt.date(2026, 12, 1))


@pytest.mark.parametrize(
    "body", [{}, {"title": "x", "channel": "radio"}, {"title": "x", "due": "next week"}]
)
def test_plan_piece_rejects_bad_input(editorial, body):
    assert act(editorial, "plan_piece", body).status_code == 400


def test_assign_and_unassign_a_piece(editorial, piece, alice):
    assert (
        act(editorial, "assign_piece", {"piece_id": piece.pk, "assignee": "alice"}).status_code
        == 200
    )
    piece.refresh_from_db()
    assert piece.assignee == alice

    assert (
        act(editorial, "assign_piece", {"piece_id": piece.pk, "assignee": None}).status_code == 200
    )
    piece.refresh_from_db()
    assert piece.assignee is None


def test_assign_piece_failures(editorial, piece):
    assert (
        act(editorial, "assign_piece", {"piece_id": piece.pk, "assignee": "ghost"}).status_code
        == 400
    )
    assert act(editorial, "assign_piece", {"piece_id": 999, "assignee": None}).status_code == 404
    assert act(editorial, "assign_piece", {"piece_id": piece.pk}).status_code == 400


def test_set_status_needs_a_due_date_to_schedule(editorial, piece):
    assert (
        act(editorial, "set_status", {"piece_id": piece.pk, "status": "drafting"}).status_code
        == 200
    )
    refused = act(editorial, "set_status", {"piece_id": piece.pk, "status": "scheduled"})
    assert refused.status_code == 400 and "reschedule" in str(refused.json())
    assert act(editorial, "set_status", {"piece_id": piece.pk, "status": "lost"}).status_code == 400
    assert act(editorial, "set_status", {"piece_id": 999, "status": "idea"}).status_code == 404


def test_reschedule(editorial, piece):
    assert (
        act(editorial, "reschedule", {"piece_id": piece.pk, "due": "2026-12-24"}).status_code == 200
    )
    piece.refresh_from_db()
    assert piece.due == dt.date(2026, 12, 24)

    Piece.objects.filter(pk=piece.pk).update(status="published")
    assert (
        act(editorial, "reschedule", {"piece_id": piece.pk, "due": "2027-01-01"}).status_code == 400
    )
    assert act(editorial, "reschedule", {"piece_id": piece.pk}).status_code == 400


def test_list_calendar_filters_by_range_and_channel(editorial):
    Piece.objects.create(title="A", due=dt.date(2026, 12, 1), channel="blog")
    Piece.objects.create(title="B", due=dt.date(2026, 12, 20), channel="video")

    december = act(editorial, "list_calendar", {"start": "2026-12-10", "end": "2026-12-31"})
    videos = act(editorial, "list_calendar", {"channel": "video"})

    assert [p["title"] for p in december.json()["result"]["pieces"]] == ["B"]
    assert [p["title"] for p in videos.json()["result"]["pieces"]] == ["B"]
    backwards = act(editorial, "list_calendar", {"start": "2026-12-31", "end": "2026-12-01"})
    assert backwards.status_code == 400


def test_a_viewer_token_reads_but_cannot_plan(api, issue, bob):
    from steward.access.models import Membership

    Membership.objects.create(user=bob, app="editorial", role="viewer")
    _, secret = issue(app="editorial", owner=bob)
    api.credentials(HTTP_AUTHORIZATION=f"Bearer {secret}")

    assert act(api, "list_calendar").status_code == 200
    assert act(api, "plan_piece", {"title": "x"}).status_code == 403
