"""Each record has a page: its fields, related records, and the actions that apply to it."""

from __future__ import annotations

import datetime as dt
from decimal import Decimal

import pytest
from django.test import Client

from apps.crm.models import Activity, Company, Deal
from apps.ideaboard.models import Idea

pytestmark = pytest.mark.django_db


def test_an_idea_page_shows_its_fields_and_filled_in_edit_forms(alice_client: Client) -> None:
    idea = Idea.objects.create(title="Dark mode", pitch="Eyes", score=7)

    response = alice_client.get(f"/apps/ideaboard/records/idea/{idea.pk}/")

    html = response.content.decode()
    assert response.status_code == 200
    assert "<dt>Pitch</dt><dd>Eyes</dd>" in html
    for name in ("update_idea", "score_idea", "move_card", "archive_idea", "delete_idea"):
        assert f'data-action-form="ideaboard.{name}"' in html
    assert 'data-action-form="ideaboard.add_idea"' not in html  # it names no idea
    assert 'name="title" value="Dark mode"' in html
    assert f'name="_record" value="idea:{idea.pk}"' in html


def test_a_record_page_offers_only_the_actions_that_fit_the_records_state(alice_client):
    live = Idea.objects.create(title="Live")
    archived = Idea.objects.create(title="Shelved", archived=True)

    def offered(idea: Idea) -> set[str]:
        html = alice_client.get(f"/apps/ideaboard/records/idea/{idea.pk}/").content.decode()
        names = ("update_idea", "score_idea", "move_card", "archive_idea", "unarchive_idea",
                 "delete_idea")  # fmt: skip
        return {n for n in names if f'data-action-form="ideaboard.{n}"' in html}

    assert offered(live) == {"update_idea", "score_idea", "move_card", "archive_idea",
                             "delete_idea"}  # fmt: skip
    assert offered(archived) == {"update_idea", "unarchive_idea", "delete_idea"}


def test_a_deal_page_links_its_company_and_lists_its_activities(alice_client: Client, alice):
    acme = Company.objects.create(name="Acme")
    deal = Deal.objects.create(company=acme, title="Rockets", owner=alice,
                               close_date=dt.date(2026, 3, 1))  # fmt: skip
    Activity.objects.create(deal=deal, summary="Called Wile")

    html = alice_client.get(f"/apps/crm/records/deal/{deal.pk}/").content.decode()

    assert f'href="/apps/crm/records/company/{acme.pk}/">Acme</a>' in html
    assert "Called Wile" in html
    assert '<option value="alice" selected>alice</option>' in html  # update_deal's owner
    assert 'name="close_date" value="2026-03-01"' in html
    assert 'data-action-form="crm.log_activity"' in html


def test_a_viewer_sees_the_record_but_no_forms(client: Client, bob) -> None:  # type: ignore[no-untyped-def]
    idea = Idea.objects.create(title="Dark mode")
    client.force_login(bob)

    html = client.get(f"/apps/ideaboard/records/idea/{idea.pk}/").content.decode()

    assert "Dark mode" in html and "data-action-form" not in html


@pytest.mark.parametrize(
    "url", ["/apps/ideaboard/records/idea/999/", "/apps/ideaboard/records/nothing/1/",
            "/apps/nowhere/records/idea/1/", "/apps/ideaboard/records/idea/abc/"],
)  # fmt: skip
def test_unknown_records_are_404(alice_client: Client, url: str) -> None:
    assert alice_client.get(url).status_code == 404


def test_a_stranger_to_the_app_is_refused(client: Client, bob) -> None:  # type: ignore[no-untyped-def]
    deal = Deal.objects.create(company=Company.objects.create(name="Acme"), title="Rockets")
    client.force_login(bob)

    assert client.get(f"/apps/crm/records/deal/{deal.pk}/").status_code == 403


def test_a_record_deleted_while_its_page_is_open_says_so_in_place(alice_client: Client) -> None:
    idea = Idea.objects.create(title="Soon gone")
    Idea.objects.filter(pk=idea.pk).delete()

    response = alice_client.get(f"/apps/ideaboard/records/idea/{idea.pk}/?region=1")

    assert response.status_code == 200
    assert "This idea was deleted meanwhile." in response.content.decode()


def test_a_record_with_no_related_records_says_none_yet_in_words(alice_client: Client) -> None:
    deal = Deal.objects.create(company=Company.objects.create(name="Acme"), title="Rockets")

    html = alice_client.get(f"/apps/crm/records/deal/{deal.pk}/").content.decode()

    assert '<p class="muted related-none">No activities yet.</p>' in html
    assert "None." not in html


def test_a_record_page_shows_money_and_dates_as_the_board_does_and_forms_keep_raw_values(
    alice_client: Client,
) -> None:
    deal = Deal.objects.create(company=Company.objects.create(name="Acme"), title="Rockets",
                               value=Decimal("15000"), close_date=dt.date(2027, 2, 24))  # fmt: skip

    html = alice_client.get(f"/apps/crm/records/deal/{deal.pk}/").content.decode()

    fields = html.split('aria-label="Fields"')[1].split("</section>")[0]
    assert "<dd>$15,000</dd>" in fields and "<dd>24 Feb 2027</dd>" in fields
    assert "15000.00" not in fields and "Feb. 24" not in fields
    assert 'name="value" value="15000.00"' in html  # the number box holds the number
    assert 'name="close_date" value="2027-02-24"' in html
