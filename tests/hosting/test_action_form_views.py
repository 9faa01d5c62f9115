"""Generated forms post through invoke: audited, validated, answered with the form itself."""

from __future__ import annotations

import datetime as dt
import json
import re
from decimal import Decimal

import pytest
from django.test import Client

from apps.crm.models import Company, Deal
from apps.editorial.models import Piece
from apps.ideaboard.models import Idea
from steward.audit.models import AuditEntry

pytestmark = pytest.mark.django_db
HTMX = {"HTTP_HX_REQUEST": "true"}


def post(client: Client, app: str, action: str, data: dict, **extra: str):
    return client.post(f"/apps/{app}/actions/{action}/", data, **extra)


def value_of(html: str, name: str) -> str:
    match = re.search(rf'<input[^>]*name="{name}" value="([^"]*)"', html)
    assert match, f"no input {name}"
    return match.group(1)


def test_a_success_answers_a_fresh_form_with_done_and_triggers_a_refresh(alice_client) -> None:
    response = post(
        alice_client,
        "ideaboard",
        "add_idea",
        {"title": "Dark mode", "pitch": "Eyes", "_done": "Idea added."},
        **HTMX,
    )

    assert response.status_code == 200
    assert response["HX-Trigger"] == "steward:changed"
    html = response.content.decode()
    assert "Idea added." in html and "notice-ok" in html
    assert value_of(html, "title") == ""  # an add form starts over
    entry = AuditEntry.objects.latest("pk")
    assert (entry.action, entry.status, entry.actor_label) == ("add_idea", "ok", "user:alice")


def test_a_failure_is_4xx_with_the_input_kept_and_the_error_beside_its_field(alice_client) -> None:
    Company.objects.create(name="Acme")

    response = post(
        alice_client, "crm", "add_company", {"name": "Acme", "website": "https://acme.test"}, **HTMX
    )

    assert response.status_code == 422
    assert "HX-Trigger" not in response
    html = response.content.decode()
    assert value_of(html, "name") == "Acme" and value_of(html, "website") == "https://acme.test"
    assert re.search(r'class="field-error"[^>]*>A company called \S*Acme\S* already exists', html)
    assert "data-unsaved" in html
    assert AuditEntry.objects.latest("pk").status == "invalid"


def test_an_edit_form_keeps_its_record_and_answers_with_the_new_values(alice_client) -> None:
    idea = Idea.objects.create(title="Dark mod")
    data = {
        "idea_id": idea.pk,
        "title": "Dark mode",
        "pitch": "",
        "_fixed": "idea_id",
        "_form_id": f"af-ideaboard-update-idea-idea-id-{idea.pk}",
    }

    response = post(alice_client, "ideaboard", "update_idea", data, **HTMX)

    html = response.content.decode()
    assert f'id="af-ideaboard-update-idea-idea-id-{idea.pk}"' in html
    assert value_of(html, "title") == "Dark mode"
    assert f'<input type="hidden" name="idea_id" value="{idea.pk}">' in html
    idea.refresh_from_db()
    assert idea.title == "Dark mode"


def test_an_emptied_title_says_it_cannot_be_empty_and_keeps_the_record(alice_client) -> None:
    idea = Idea.objects.create(title="Dark mode")
    data = {"idea_id": idea.pk, "title": "   ", "pitch": "", "_fixed": "idea_id"}

    response = post(alice_client, "ideaboard", "update_idea", data, **HTMX)

    assert response.status_code == 422
    assert "This cannot be empty or only spaces." in response.content.decode()
    idea.refresh_from_db()
    assert idea.title == "Dark mode"


def test_a_record_gone_meanwhile_answers_422_in_words_for_people(alice_client) -> None:
    response = post(
        alice_client,
        "ideaboard",
        "score_idea",
        {"idea_id": 999, "score": 3, "_fixed": "idea_id"},
        **HTMX,
    )

    assert response.status_code == 422
    html = response.content.decode()
    assert "Idea #999 no longer exists" in html and "list_ideas" not in html


def test_an_impossible_date_says_so_and_runs_nothing(alice_client) -> None:
    response = post(
        alice_client, "editorial", "plan_piece", {"title": "Launch", "due": "2026-02-31"}, **HTMX
    )

    assert response.status_code == 422
    assert "February 2026 has 28 days" in response.content.decode()
    assert not Piece.objects.exists()


def test_deleting_the_record_of_a_record_page_sends_the_browser_back_to_the_app(alice_client):
    idea = Idea.objects.create(title="Gone soon")
    data = {"idea_id": idea.pk, "_fixed": "idea_id", "_record": f"idea:{idea.pk}"}

    response = post(alice_client, "ideaboard", "delete_idea", data, **HTMX)

    assert response["HX-Redirect"] == "/apps/ideaboard/"


def test_without_htmx_a_failure_is_a_page_with_the_form_and_a_success_redirects(alice_client):
    failed = post(alice_client, "ideaboard", "add_idea", {"title": "x" * 201})
    assert failed.status_code == 422 and b"<html" in failed.content and b"x" * 201 in failed.content

    done = post(alice_client, "ideaboard", "add_idea", {"title": "Ok", "_next": "/apps/ideaboard/"})
    assert done.status_code == 302 and done["Location"] == "/apps/ideaboard/"


def test_a_viewer_is_refused_and_nothing_changes(client: Client, bob) -> None:  # type: ignore[no-untyped-def]
    client.force_login(bob)

    response = post(client, "ideaboard", "add_idea", {"title": "Nope"}, **HTMX)

    assert response.status_code == 403
    assert not Idea.objects.exists()


def test_a_read_only_action_shows_its_result(alice_client) -> None:
    Idea.objects.create(title="Listed")

    response = post(alice_client, "ideaboard", "list_ideas", {"limit": "5"}, **HTMX)

    assert "HX-Trigger" not in response
    html = response.content.decode()
    shown, raw = html.split("<summary>Raw JSON</summary>")
    assert "<dt>Title</dt><dd>Listed</dd>" in shown and "<dt>Archived</dt><dd>No</dd>" in shown
    assert '"title"' not in shown and "&quot;title&quot;: &quot;Listed&quot;" in raw


def test_the_actions_page_lists_what_the_role_allows(client: Client, alice, bob) -> None:  # type: ignore[no-untyped-def]
    client.force_login(bob)
    viewer = client.get("/apps/ideaboard/actions/").content.decode()
    assert 'data-action-form="ideaboard.list_ideas"' in viewer
    assert 'data-action-form="ideaboard.add_idea"' not in viewer

    client.force_login(alice)
    operator = client.get("/apps/ideaboard/actions/").content.decode()
    for name in ("add_idea", "update_idea", "score_idea", "delete_idea", "unarchive_idea"):
        assert f'data-action-form="ideaboard.{name}"' in operator
    region = client.get("/apps/ideaboard/actions/?region=1").content.decode()
    assert "<html" not in region and 'data-action-form="ideaboard.add_idea"' in region


def test_the_posted_placement_survives_a_round_trip(alice_client) -> None:
    initial = json.dumps({"column": "done"})
    response = post(
        alice_client,
        "ideaboard",
        "list_ideas",
        {"column": "inbox", "_initial": initial, "_submit": "Find"},
        **HTMX,
    )

    html = response.content.decode()
    assert ">Find</button>" in html and '<option value="done" selected>' in html


def test_every_mistake_in_a_form_shows_at_once_beside_its_field(alice_client) -> None:
    company = Company.objects.create(name="Acme")

    response = post(
        alice_client,
        "crm",
        "create_deal",
        {"company_id": str(company.pk), "title": "", "value": "abc", "stage": "lead"},
        **HTMX,
    )

    assert response.status_code == 422
    html = response.content.decode()
    errors = dict(re.findall(r'id="[^"]*--(\w+)-error"[^>]*>([^<]*)<', html))
    assert errors == {
        "title": "This cannot be empty or only spaces.",
        "value": "“abc” is not a number. Enter one like 1200.50.",
    }
    assert value_of(html, "value") == "abc"
    assert not AuditEntry.objects.filter(action="create_deal").exists()  # nothing ran


def test_a_blank_required_choice_asks_to_choose_one_without_running_the_action(alice_client):
    response = post(alice_client, "crm", "add_contact", {"company_id": "", "name": "Bo"}, **HTMX)

    assert response.status_code == 422
    html = response.content.decode()
    assert re.search(r'class="field-error"[^>]*>Choose one: this field is required\.<', html)
    assert value_of(html, "name") == "Bo"


def test_a_value_its_box_cannot_hold_comes_back_in_a_text_box_so_it_shows(alice_client) -> None:
    response = post(
        alice_client, "editorial", "plan_piece", {"title": "Launch", "due": "2026-02-31"}, **HTMX
    )

    html = response.content.decode()
    assert re.search(r'<input id="[^"]+--due" type="text" name="due" value="2026-02-31"', html)
    assert "February 2026 has 28 days" in html


def test_a_well_formed_value_keeps_its_typed_box(alice_client) -> None:
    response = post(alice_client, "crm", "create_deal", {"company_id": "", "value": "-5"}, **HTMX)

    assert re.search(r'type="number" name="value" value="-5"', response.content.decode())


def test_a_read_only_result_shows_labels_names_money_and_dates_as_the_pages_do(
    alice_client, alice
) -> None:
    alice.first_name, alice.last_name = "Alice", "Liddell"
    alice.save()
    acme = Company.objects.create(name="Acme")
    Deal.objects.create(company=acme, title="Rockets", value=Decimal("15000"), owner=alice,
                        close_date=dt.date(2027, 2, 24))  # fmt: skip

    response = post(alice_client, "crm", "list_pipeline", {}, **HTMX)

    shown, raw = response.content.decode().split("<summary>Raw JSON</summary>")
    deal = shown.split("<dd>Rockets</dd>")[1].split("</li>")[0]
    for text in ("Lead", "$15,000", "Alice Liddell", "24 Feb 2027"):
        assert f"<dd>{text}</dd>" in deal
    assert "&quot;value&quot;: &quot;15000.00&quot;" in raw  # the raw answer stays as stored
