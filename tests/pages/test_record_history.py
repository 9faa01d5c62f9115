"""A record's page shows its history: who, which action, each field before → after."""

from __future__ import annotations

from typing import Any

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext

from apps.crm.models import Company, Deal
from apps.ideaboard.models import Idea
from steward.access.actors import Actor
from steward.actions.services import invoke
from steward.pages.history import record_history

pytestmark = pytest.mark.django_db


def test_the_history_shows_an_agents_change_with_before_and_after(alice_client, alice):
    from steward.access.services import issue_token

    idea = Idea.objects.create(title="Kites")
    token, _ = issue_token(name="codex", owner=alice, app="ideaboard")
    invoke(actor=Actor.for_token(token), app="ideaboard", name="move_card",
           args={"idea_id": idea.pk, "column": "building"})  # fmt: skip

    html = alice_client.get(f"/apps/ideaboard/records/idea/{idea.pk}/").content.decode()

    history = html.split('id="history-heading"')[1]
    assert "agent codex (for alice)" in history and "move_card" in history
    row = history.split('<th scope="row">Column</th>')[1].split("</tr>")[0]
    assert "Inbox" in row.split('class="after"')[0] and "Building" in row.split('class="after"')[1]
    assert "Outside Steward" in history  # the fixture's own create, from the test's "shell"


def test_the_history_speaks_of_fields_as_the_page_does(alice_client):
    idea = Idea.objects.create(title="Kites", archived=True)

    html = alice_client.get(f"/apps/ideaboard/records/idea/{idea.pk}/").content.decode()

    history = html.split('id="history-heading"')[1]
    row = history.split('<th scope="row">Archived</th>')[1].split("</tr>")[0]
    assert "Yes" in row.split('class="after"')[1]
    assert '<th scope="row">id</th>' not in history  # the key and database timestamps: noise
    assert '<th scope="row">Updated</th>' not in history and "T" not in row


def test_the_history_names_related_records(alice_client, alice):
    from apps.crm.models import Company, Deal

    deal = Deal.objects.create(company=Company.objects.create(name="Acme"), title="R", owner=alice)

    html = alice_client.get(f"/apps/crm/records/deal/{deal.pk}/").content.decode()

    history = html.split('id="history-heading"')[1]
    company = history.split('<th scope="row">Company</th>')[1].split("</tr>")[0]
    owner = history.split('<th scope="row">Owner</th>')[1].split("</tr>")[0]
    assert "Acme" in company and "alice" in owner


def _a_deal_passed_through(count: int, users: Any, prefix: str) -> Deal:
    """A deal moved from company to company and owner to owner ``count`` times."""
    deal = Deal.objects.create(company=Company.objects.create(name=f"{prefix} 0"), title="R")
    for i in range(1, count + 1):
        deal.company = Company.objects.create(name=f"{prefix} {i}")
        deal.owner = users.objects.create_user(f"{prefix}{i}", first_name=prefix, last_name=str(i))
        deal.save()
    return deal


def test_the_history_asks_for_related_records_once_per_model_however_many_it_names(
    django_user_model,
):
    few = _a_deal_passed_through(1, django_user_model, "Few")
    many = _a_deal_passed_through(6, django_user_model, "Many")

    with CaptureQueriesContext(connection) as asked_for_few:
        record_history("crm.deal", few.pk)
    with CaptureQueriesContext(connection) as asked_for_many:
        history = record_history("crm.deal", many.pk)

    # the audit index, its entries, then one query for companies and one for users
    assert len(asked_for_many) == len(asked_for_few) == 4
    shown = {(c.label, c.after) for item in history for c in item.fields}
    assert {("Company", f"Many {i}") for i in range(7)} <= shown
    assert {("Owner", f"Many {i}") for i in range(1, 7)} <= shown  # a user by full name


def test_the_history_shows_a_related_record_that_is_gone_by_its_key(django_user_model, alice):
    deal = _a_deal_passed_through(2, django_user_model, "Acme")
    gone = Company.objects.get(name="Acme 1")
    gone_pk = gone.pk
    gone.delete()

    history = record_history("crm.deal", deal.pk)

    companies = [
        (c.before, c.after) for item in history for c in item.fields if c.label == "Company"
    ]
    assert ("Acme 0", f"#{gone_pk}") in companies and (f"#{gone_pk}", "Acme 2") in companies
    deal.owner = alice
    deal.save()
    owners = [c.after for item in record_history("crm.deal", deal.pk) for c in item.fields]
    assert "alice" in owners  # a user without a full name: by username


def test_the_history_writes_money_and_dates_as_the_record_page_does(alice_client, alice):
    deal = Deal.objects.create(company=Company.objects.create(name="Acme"), title="R")
    invoke(actor=Actor.for_user(alice), app="crm", name="update_deal",
           args={"deal_id": deal.pk, "value": 15000, "close_date": "2027-02-24"})  # fmt: skip

    html = alice_client.get(f"/apps/crm/records/deal/{deal.pk}/").content.decode()

    history = html.split('id="history-heading"')[1]
    value = history.split('<th scope="row">Value</th>')[1].split("</tr>")[0]
    close = history.split('<th scope="row">Close date</th>')[1].split("</tr>")[0]
    assert "$0" in value.split('class="after"')[0] and "$15,000" in value.split('class="after"')[1]
    assert "24 Feb 2027" in close.split('class="after"')[1]
