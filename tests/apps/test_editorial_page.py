import datetime as dt

import pytest
from django.test import Client

from apps.editorial.models import Piece

pytestmark = pytest.mark.django_db


def test_the_calendar_puts_pieces_on_their_due_date(alice_client: Client) -> None:
    Piece.objects.create(title="March newsletter", status="review", due=dt.date(2026, 3, 17))
    html = alice_client.get("/apps/editorial/?month=2026-03").content.decode()
    assert "March 2026" in html
    cell = html.split('data-date="2026-03-17"')[1].split('data-date="2026-03-18"')[0]
    assert "March newsletter" in cell and "status-review" in cell


def test_prev_and_next_links_cross_the_year(alice_client: Client) -> None:
    html = alice_client.get("/apps/editorial/calendar/?month=2026-12").content.decode()
    assert "?month=2026-11" in html and "?month=2027-01" in html


def test_an_invalid_month_falls_back_to_the_current_month(alice_client: Client) -> None:
    response = alice_client.get("/apps/editorial/?month=not-a-month")
    assert response.status_code == 200
    assert dt.date.today().strftime("%B %Y") in response.content.decode()


def test_unscheduled_pieces_are_listed_apart(alice_client: Client) -> None:
    Piece.objects.create(title="Year in review")
    Piece.objects.create(title="Dated piece", due=dt.date(2026, 1, 5))
    html = alice_client.get("/apps/editorial/unscheduled/").content.decode()
    assert "Year in review" in html and "Dated piece" not in html
