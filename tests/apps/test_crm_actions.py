# ruff: noqa: F811  (fixtures imported from tests.support.actions_api are redefined as parameters)
"""CRM actions through REST: each success and each failure mode."""

from __future__ import annotations

import pytest

from apps.crm.models import Activity, Company, Deal
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
def deal(acme):
    return Deal.objects.create(company=acme, title="Rockets", value=100)


def act(client, name, body=None):
    return call(client, "crm", name, body or {})


def test_add_company(crm):
    response = act(crm, "add_company", {"name": "Globex", "website": "https://globex.example"})

    assert response.status_code == 200
    assert Company.objects.get().website == "https://globex.example"


def test_add_company_refuses_duplicates_and_bad_websites(crm, acme):
    duplicate = act(crm, "add_company", {"name": "acme"})
    bad_url = act(crm, "add_company", {"name": "New", "website": "not a url"})

    assert duplicate.status_code == 400 and "already exists" in str(duplicate.json())
    assert bad_url.status_code == 400 and "website" in bad_url.json()["error"]["fields"]


def test_add_contact(crm, acme):
    response = act(crm, "add_contact", {"company_id": acme.pk, "name": "Wile", "email": "w@e.co"})

    assert response.status_code == 200
    assert acme.contacts.get().email == "w@e.co"


def test_add_contact_failures(crm, acme):
    assert act(crm, "add_contact", {"company_id": 999, "name": "X"}).status_code == 404
    bad = act(crm, "add_contact", {"company_id": acme.pk, "name": "X", "email": "nope"})
    assert bad.status_code == 400 and "email" in bad.json()["error"]["fields"]


def test_create_deal_with_an_owner(crm, acme, alice):
    response = act(
        crm,
        "create_deal",
        {"company_id": acme.pk, "title": "Anvils", "value": 1250.5, "owner": "alice"},
    )

    assert response.status_code == 200
    deal = Deal.objects.get()
    assert (deal.stage, str(deal.value), deal.owner) == ("lead", "1250.50", alice)


@pytest.mark.parametrize(
    ("body", "status"),
    [({"company_id": 999, "title": "x"}, 404), ({"title": "x"}, 400),
     ({"company_id": 1, "title": "x", "value": -5}, 400),
     ({"company_id": 1, "title": "x", "stage": "maybe"}, 400),
     ({"company_id": 1, "title": "x", "owner": "ghost"}, 400)],
)  # fmt: skip
def test_create_deal_failures(crm, body, status):
    Company.objects.create(pk=1, name="One")

    assert act(crm, "create_deal", body).status_code == status


def test_move_deal_stage(crm, deal):
    assert act(crm, "move_deal_stage", {"deal_id": deal.pk, "stage": "won"}).status_code == 200

    reopened = act(crm, "move_deal_stage", {"deal_id": deal.pk, "stage": "lead"})
    assert reopened.status_code == 400 and "closed" in str(reopened.json())
    assert act(crm, "move_deal_stage", {"deal_id": 999, "stage": "won"}).status_code == 404


def test_log_activity(crm, deal):
    response = act(crm, "log_activity", {"deal_id": deal.pk, "kind": "call", "summary": "Rang"})

    assert response.status_code == 200
    assert Activity.objects.get().kind == "call"
    assert act(crm, "log_activity", {"deal_id": deal.pk, "summary": ""}).status_code == 400
    assert act(crm, "log_activity", {"deal_id": 999, "summary": "x"}).status_code == 404


def test_list_pipeline(crm, deal):
    body = act(crm, "list_pipeline").json()["result"]

    lead = next(s for s in body["stages"] if s["stage"] == "lead")
    assert lead == {"stage": "lead", "count": 1, "value": "100.00"}
    assert body["deals"][0]["title"] == "Rockets"
    assert act(crm, "list_pipeline", {"stage": "won"}).json()["result"]["deals"] == []


def test_an_ideaboard_token_cannot_touch_the_crm(api, issue):
    _, secret = issue(app="ideaboard")
    api.credentials(HTTP_AUTHORIZATION=f"Bearer {secret}")

    assert act(api, "list_pipeline").status_code == 403


@pytest.mark.parametrize(
    ("name", "body"),
    [
        ("create_deal", {"title": "x", "value": 1e300}),
        ("create_deal", {"title": "x", "value": 10**15}),
        ("add_contact", {"name": "x", "email": "a" * 250 + "@example.com"}),
        ("add_contact", {"name": "x", "phone": "1" * 41}),
        ("add_company", {"name": "y", "website": "https://" + "a" * 250 + ".example"}),
    ],
)
def test_values_beyond_the_columns_are_400_not_500(crm, acme, name, body):
    if name != "add_company":
        body = {"company_id": acme.pk, **body}

    response = act(crm, name, body)

    assert response.status_code == 400, response.content
