import pytest
from django.test import Client

from apps.ideaboard.models import Idea

pytestmark = pytest.mark.django_db


def test_the_board_shows_four_columns_with_cards_and_hides_archived_ideas(
    alice_client: Client,
) -> None:
    Idea.objects.create(title="Dark mode", pitch="Cheap with CSS variables", score=4)
    Idea.objects.create(title="Shipped thing", column="done", score=9)
    Idea.objects.create(title="Old idea", archived=True)
    html = alice_client.get("/apps/ideaboard/").content.decode()
    for column in ("inbox", "exploring", "building", "done"):
        assert f'data-column="{column}"' in html
    assert "Dark mode" in html and "Cheap with CSS variables" in html and "4/10" in html
    assert "Shipped thing" in html
    assert "Old idea" not in html


def test_the_board_region_refreshes_itself_when_the_app_changes(alice_client: Client) -> None:
    html = alice_client.get("/apps/ideaboard/").content.decode()
    assert 'hx-get="/apps/ideaboard/board/"' in html
    assert 'hx-trigger="steward:changed from:body"' in html
    assert "htmx" in html  # django-htmx's script tag


def test_the_board_partial_is_only_the_region(alice_client: Client) -> None:
    Idea.objects.create(title="Weekly digest")
    html = alice_client.get("/apps/ideaboard/board/").content.decode()
    assert "Weekly digest" in html
    assert "<html" not in html
