# ruff: noqa: F811  (fixtures imported from tests.support.actions_api are redefined as parameters)
"""Updating and deleting companies, contacts and deals through REST."""

from __future__ import annotations

import datetime as dt
from decimal import Decimal

import pytest

from apps.crm.models import Activity, Company, Contact, Deal
from tests.support.actions_api import api, call, issue  # noqa: F401

pytestmark = pytest.mark.django_db


@pytest.fixture
def crm(api, issue):
    _, secret = issue(app="crm")
    api.credentials(HTTP_AUTHORIZATION=f"Bearer {secret}")
    return api


@pytest.fixture
def acme():
    return Company.objects.create(name="Acme")


@pytest.fixture
def deal(acme, alice):
    return Deal.objects.create(company=acme, title="Rockets", value=100, owner=alice)


def act(client, name, body=None):
    return call(client, "crm", name, body or {})


def test_update_deal_edits_owner_value_stage_and_close_date(crm, deal, bob):
    response = act(
        crm,
        "update_deal",
        {
            "deal_id": deal.pk,
            "value": 2500.5,
            "stage": "proposal",
            "owner": "bob",
            "close_date": "2026-03-31",
        },
    )

    assert response.status_code == 200, response.json()
    deal.refresh_from_db()
    assert (deal.value, deal.stage, deal.owner, deal.close_date) == (
        Decimal("2500.50"),
        "proposal",
        bob,
        dt.date(2026, 3, 31),
    )
    assert response.json()["result"]["close_date"] == "2026-03-31"


def test_update_deal_keeps_what_it_is_not_given_and_an_empty_owner_clears_it(crm, deal):
    act(crm, "update_deal", {"deal_id": deal.pk, "owner": ""})

    deal.refresh_from_db()
    assert (deal.title, deal.value, deal.owner) == ("Rockets", Decimal("100.00"), None)


@pytest.mark.parametrize(
    ("body", "field"),
    [
        ({"owner": "nobody"}, "owner"),
        ({"value": -1}, "value"),
        ({"title": ""}, "title"),
        ({"close_date": "2026-02-31"}, "close_date"),
    ],
)
def test_update_deal_failures(crm, deal, body, field):
    response = act(crm, "update_deal", {"deal_id": deal.pk, **body})

    assert response.status_code == 400
    assert field in response.json()["error"]["fields"]


def test_a_closed_deal_cannot_reopen_through_update_deal(crm, deal):
    Deal.objects.filter(pk=deal.pk).update(stage="won")

    response = act(crm, "update_deal", {"deal_id": deal.pk, "stage": "lead"})

    assert response.status_code == 400 and "closed" in str(response.json())


def test_delete_deal_deletes_its_activities_too(crm, deal):
    Activity.objects.create(deal=deal, summary="Called")

    assert act(crm, "delete_deal", {"deal_id": deal.pk}).status_code == 200
    assert not Deal.objects.exists() and not Activity.objects.exists()


def test_update_company_refuses_another_companys_name(crm, acme):
    Company.objects.create(name="Globex")

    assert act(crm, "update_company", {"company_id": acme.pk, "name": "globex"}).status_code == 400
    response = act(
        crm,
        "update_company",
        {"company_id": acme.pk, "name": "Acme Corp", "website": "https://acme.test"},
    )
    assert response.status_code == 200
    acme.refresh_from_db()
    assert (acme.name, acme.website) == ("Acme Corp", "https://acme.test")


def test_delete_company_by_an_agent_waits_for_approval(crm, acme):
    assert act(crm, "delete_company", {"company_id": acme.pk}).status_code == 202
    assert Company.objects.filter(pk=acme.pk).exists()


def test_update_and_delete_a_contact(crm, acme):
    contact = Contact.objects.create(company=acme, name="Wile", email="w@acme.test")
    globex = Company.objects.create(name="Globex")

    response = act(
        crm, "update_contact", {"contact_id": contact.pk, "company_id": globex.pk, "phone": "555"}
    )
    assert response.status_code == 200
    contact.refresh_from_db()
    assert (contact.company, contact.email, contact.phone) == (globex, "w@acme.test", "555")
    assert (
        act(crm, "list_contacts", {"company_id": globex.pk}).json()["result"]["contacts"][0]["id"]
        == contact.pk
    )
    assert act(crm, "delete_contact", {"contact_id": contact.pk}).status_code == 200
    assert not Contact.objects.exists()
