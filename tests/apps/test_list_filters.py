"""Lists filter where a team expects it: ideas by column and text, deals by stage and owner,
pieces by channel, status and assignee; the live regions refresh with the same filters."""

from __future__ import annotations

import datetime as dt
import re

import pytest
from django.test import Client

from apps.crm.models import Company, Deal
from apps.editorial.models import Piece
from apps.ideaboard.models import Idea

pytestmark = pytest.mark.django_db


def test_ideas_filter_by_text_and_column_and_show_archived_on_request(alice_client: Client):
    Idea.objects.create(title="Dark mode", pitch="CSS variables")
    Idea.objects.create(title="Offline", pitch="Service worker", column="building")
    Idea.objects.create(title="Old dark theme", archived=True)

    by_text = alice_client.get("/apps/ideaboard/board/?q=css").content.decode()
    assert "Dark mode" in by_text and "Offline" not in by_text and "Old dark" not in by_text
    by_column = alice_client.get("/apps/ideaboard/?column=building").content.decode()
    assert "Offline" in by_column and "Dark mode" not in by_column
    assert 'data-column="inbox"' not in by_column
    archived = alice_client.get("/apps/ideaboard/board/?archived=1&q=dark").content.decode()
    assert "Old dark theme" in archived and "Unarchive" in archived and "Dark mode" not in archived


def test_an_empty_column_says_why_it_is_empty(alice_client: Client) -> None:
    Idea.objects.create(title="Old dark theme", archived=True)  # in the inbox

    def empties(query: str) -> list[str]:
        html = alice_client.get(f"/apps/ideaboard/board/?{query}").content.decode()
        return re.findall(r'<li class="empty">([^<]*)</li>', html)

    assert empties("") == ["Nothing here yet."] * 4
    assert empties("archived=1") == ["No archived idea here."] * 3  # inbox holds the one
    assert empties("q=zebra") == ["No idea here matches “zebra”."] * 4


def test_deals_filter_by_stage_and_owner(alice_client: Client, alice) -> None:  # type: ignore[no-untyped-def]
    acme = Company.objects.create(name="Acme")
    Deal.objects.create(company=acme, title="Rockets", stage="proposal", owner=alice)
    Deal.objects.create(company=acme, title="Anvils", stage="proposal")
    Deal.objects.create(company=acme, title="Magnets", stage="lead", owner=alice)

    mine = alice_client.get("/apps/crm/pipeline/?stage=proposal&owner=alice").content.decode()
    assert "Rockets" in mine and "Anvils" not in mine and "Magnets" not in mine
    unowned = alice_client.get("/apps/crm/pipeline/?owner=-").content.decode()
    assert "Anvils" in unowned and "Rockets" not in unowned


def test_pieces_filter_by_channel_status_and_assignee(alice_client: Client, alice) -> None:  # type: ignore[no-untyped-def]
    today = dt.date.today()
    Piece.objects.create(
        title="Video cut", channel="video", status="drafting", due=today, assignee=alice
    )
    Piece.objects.create(title="Blog post", channel="blog", due=today)
    Piece.objects.create(title="Loose video", channel="video")

    page = alice_client.get("/apps/editorial/?channel=video").content.decode()
    assert "Video cut" in page and "Loose video" in page and "Blog post" not in page
    drafting = alice_client.get("/apps/editorial/calendar/?status=drafting&assignee=alice")
    assert "Video cut" in drafting.content.decode() and "Blog post" not in drafting.content.decode()
    nobody = alice_client.get("/apps/editorial/unscheduled/?assignee=-").content.decode()
    assert "Loose video" in nobody


def test_dashboard_counts_ideas_on_the_board_and_archived_ones_apart(alice_client: Client):
    Idea.objects.create(title="Live")
    Idea.objects.create(title="Old", archived=True)

    html = alice_client.get("/").content.decode()

    assert "<strong>1</strong> Ideas on the board" in html
    assert "<strong>1</strong> Archived" in html
