"""get_record: the record an action names, or a 404 that tells the agent how to recover."""

import pytest

from apps.editorial.models import Piece
from apps.ideaboard.models import Idea
from steward.actions.exceptions import RecordNotFound
from steward.actions.records import get_record

pytestmark = pytest.mark.django_db


def test_it_returns_the_record_of_a_model() -> None:
    idea = Idea.objects.create(title="Kites")
    assert get_record(Idea, idea.pk, hint="unused") == idea


def test_a_missing_record_names_the_model_and_the_way_to_recover() -> None:
    with pytest.raises(RecordNotFound) as caught:
        get_record(Idea, 999, hint="Call list_ideas to see the ideas and ids.")
    assert caught.value.http_status == 404
    assert str(caught.value) == "No idea #999. Call list_ideas to see the ideas and ids."


def test_a_queryset_narrows_the_lookup() -> None:
    piece = Piece.objects.create(title="Launch post")
    with pytest.raises(RecordNotFound, match="No content piece #"):
        get_record(Piece.objects.exclude(pk=piece.pk), piece.pk, hint="Check the id.")
