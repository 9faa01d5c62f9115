# ruff: noqa: F811  (fixtures imported from tests.support.actions_api are redefined as parameters)
"""Updating and deleting content pieces through REST."""

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


def act(client, name, body=None):
    return call(client, "editorial", name, body or {})


def test_update_piece_changes_what_it_is_given(editorial):
    piece = Piece.objects.create(title="Launch", channel="blog")

    response = act(
        editorial, "update_piece", {"piece_id": piece.pk, "channel": "video", "due": "2026-12-01"}
    )

    assert response.status_code == 200
    piece.refresh_from_db()
    assert (piece.title, piece.channel, piece.due) == ("Launch", "video", dt.date(2026, 12, 1))


def test_update_piece_does_not_move_a_published_piece(editorial):
    piece = Piece.objects.create(title="Out", status="published", due=dt.date(2026, 1, 5))

    response = act(editorial, "update_piece", {"piece_id": piece.pk, "due": "2026-02-01"})

    assert response.status_code == 400 and "due" in response.json()["error"]["fields"]


def test_delete_piece(editorial):
    piece = Piece.objects.create(title="Gone")

    assert act(editorial, "delete_piece", {"piece_id": piece.pk}).status_code == 200
    assert not Piece.objects.exists()
