"""GET /api/audit/: staff and admin-role tokens read the log, with each entry's changes."""

from __future__ import annotations

import pytest
from rest_framework.test import APIClient

from apps.ideaboard.models import Idea
from steward.access.actors import Actor
from steward.access.models import Membership
from steward.access.services import issue_token
from steward.actions.services import invoke

pytestmark = pytest.mark.django_db


@pytest.fixture
def moved(alice):
    idea = Idea.objects.create(title="Kites")
    actor = Actor.for_user(alice)
    invoke(actor=actor, app="ideaboard", name="move_card",
           args={"idea_id": idea.pk, "column": "building"})  # fmt: skip
    invoke(actor=actor, app="crm", name="add_company", args={"name": "Acme"})
    return idea


def test_staff_filter_a_records_history_and_see_its_changes(moved, carol):
    api = APIClient()
    api.force_login(carol)

    page = api.get("/api/audit/", {"record": f"ideaboard.idea:{moved.pk}"}).json()

    assert [e["action"] for e in page["results"]] == ["move_card", "outside.change"]
    (change,) = page["results"][0]["changes"]
    assert change["before"] == {"column": "inbox"} and change["after"] == {"column": "building"}


def test_an_admin_tokens_view_is_its_own_app(moved, alice):
    Membership.objects.filter(user=alice, app="ideaboard").update(role="admin")
    _, secret = issue_token(name="auditor", owner=alice, app="ideaboard")
    api = APIClient()
    api.credentials(HTTP_AUTHORIZATION=f"Bearer {secret}")

    entries = api.get("/api/audit/").json()["results"]

    assert entries and {e["app"] for e in entries} == {"ideaboard"}


def test_others_are_refused(moved, alice):
    api = APIClient()
    api.force_login(alice)  # an operator, not staff
    assert api.get("/api/audit/").status_code == 403
    _, secret = issue_token(name="op", owner=alice, app="ideaboard")
    api.logout()
    api.credentials(HTTP_AUTHORIZATION=f"Bearer {secret}")
    assert api.get("/api/audit/").status_code == 403


def test_filters_and_bad_input(moved, carol):
    api = APIClient()
    api.force_login(carol)

    assert {e["app"] for e in api.get("/api/audit/", {"app": "crm"}).json()["results"]} == {"crm"}
    bad = api.get("/api/audit/", {"record": "idea-3"})
    assert bad.status_code == 400 and "record" in bad.json()["error"]["fields"]
    assert api.get("/api/audit/", {"since": "yesterday"}).status_code == 400


@pytest.mark.parametrize("limit", ["null", "0", "501", "-1", "2.5", ""])
def test_a_limit_that_is_not_a_whole_number_from_1_to_500_is_refused(moved, carol, limit):
    api = APIClient()
    api.force_login(carol)

    response = api.get("/api/audit/", {"limit": limit})

    assert response.status_code == 400
    (message,) = response.json()["error"]["fields"]["limit"]
    assert message.startswith("Use a whole number from 1 to 500;")


def test_a_limit_sizes_the_page_and_the_schema_says_its_range(moved, carol):
    api = APIClient()
    api.force_login(carol)

    assert len(api.get("/api/audit/", {"limit": "1"}).json()["results"]) == 1
    parameters = api.get("/api/schema/?format=json").json()["paths"]["/api/audit/"]["get"][
        "parameters"
    ]
    (limit,) = [p for p in parameters if p["name"] == "limit"]
    assert limit["schema"] == {"type": "integer", "default": 100, "minimum": 1, "maximum": 500}
