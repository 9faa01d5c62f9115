"""Page forms run Safe Actions through invoke: validated, permissioned and audited."""

import datetime as dt

import pytest
from django.test import Client

from apps.crm.models import Company, Deal
from apps.editorial.models import Piece
from apps.ideaboard.models import Idea
from steward.audit.models import AuditEntry

pytestmark = pytest.mark.django_db
HTMX = {"HTTP_HX_REQUEST": "true"}


def test_adding_an_idea_from_the_page_runs_the_action_and_audits_it(alice_client: Client) -> None:
    response = alice_client.post(
        "/apps/ideaboard/act/add_idea/",
        {"title": "Dark mode", "pitch": "Cheap", "_done": "Idea added."},
        **HTMX,
    )
    assert response.status_code == 200
    assert response["HX-Trigger"] == "steward:changed"
    assert "Idea added." in response.content.decode()
    idea = Idea.objects.get(title="Dark mode")
    assert idea.pitch == "Cheap" and idea.column == "inbox"
    entry = AuditEntry.objects.latest("pk")
    assert entry.action == "add_idea" and entry.actor_label == "user:alice"


def test_form_fields_are_typed_by_the_action_schema(alice_client: Client) -> None:
    idea = Idea.objects.create(title="Digest")
    alice_client.post("/apps/ideaboard/act/score_idea/", {"idea_id": str(idea.pk), "score": "7"})
    alice_client.post("/apps/ideaboard/act/move_card/", {"idea_id": idea.pk, "column": "building"})
    idea.refresh_from_db()
    assert (idea.score, idea.column) == (7, "building")


def test_an_invalid_value_shows_the_field_error_and_changes_nothing(alice_client: Client) -> None:
    idea = Idea.objects.create(title="Digest", score=3)
    response = alice_client.post(
        "/apps/ideaboard/act/score_idea/", {"idea_id": idea.pk, "score": "11"}, **HTMX
    )
    assert "HX-Trigger" not in response
    html = response.content.decode()
    assert "notice-error" in html and "<strong>score</strong>:" in html and "[" not in html
    idea.refresh_from_db()
    assert idea.score == 3


def test_without_htmx_the_form_redirects_back_with_a_message(alice_client: Client) -> None:
    response = alice_client.post("/apps/crm/act/add_company/", {"name": "Initech"}, follow=True)
    assert response.redirect_chain[-1][0] == "/apps/crm/"
    assert Company.objects.filter(name="Initech").exists()
    assert "Done." in response.content.decode()


def test_crm_and_editorial_forms_reach_their_actions(alice_client: Client) -> None:
    acme = Company.objects.create(name="Acme")
    alice_client.post(
        "/apps/crm/act/create_deal/", {"company_id": acme.pk, "title": "Pilot", "value": "1200.50"}
    )
    deal = Deal.objects.get(title="Pilot")
    alice_client.post("/apps/crm/act/move_deal_stage/", {"deal_id": deal.pk, "stage": "proposal"})
    deal.refresh_from_db()
    assert (str(deal.value), deal.stage) == ("1200.50", "proposal")
    alice_client.post(
        "/apps/editorial/act/plan_piece/", {"title": "Launch", "channel": "video", "due": ""}
    )
    piece = Piece.objects.get(title="Launch")
    assert piece.due is None and piece.channel == "video"
    alice_client.post("/apps/editorial/act/plan_piece/", {"title": "Dated", "due": "2026-12-01"})
    assert Piece.objects.get(title="Dated").due == dt.date(2026, 12, 1)
    alice_client.post("/apps/editorial/act/set_status/", {"piece_id": piece.pk, "status": "review"})
    piece.refresh_from_db()
    assert piece.status == "review"


def test_a_viewer_is_denied_and_nothing_changes(client: Client, bob) -> None:  # type: ignore[no-untyped-def]
    client.force_login(bob)
    response = client.post("/apps/ideaboard/act/add_idea/", {"title": "Sneaky"}, **HTMX)
    assert "notice-error" in response.content.decode()
    assert not Idea.objects.filter(title="Sneaky").exists()


def test_a_person_without_a_role_on_the_app_gets_403(client: Client, bob) -> None:  # type: ignore[no-untyped-def]
    client.force_login(bob)
    assert client.post("/apps/crm/act/add_company/", {"name": "X"}).status_code == 403


def test_anonymous_posts_go_to_the_login_page(client: Client) -> None:
    response = client.post("/apps/ideaboard/act/add_idea/", {"title": "X"})
    assert response.status_code == 302 and "/accounts/login/" in response["Location"]


def test_unknown_apps_and_actions_are_404(alice_client: Client) -> None:
    assert alice_client.post("/apps/nope/act/add_idea/").status_code == 404
    assert alice_client.post("/apps/ideaboard/act/drop_tables/").status_code == 404


def test_scheduling_an_unscheduled_piece_from_the_page(alice_client: Client) -> None:
    piece = Piece.objects.create(title="Year in review")
    html = alice_client.get("/apps/editorial/unscheduled/").content.decode()
    assert "/apps/editorial/act/reschedule/" in html
    alice_client.post(
        "/apps/editorial/act/reschedule/", {"piece_id": piece.pk, "due": "2026-12-28"}
    )
    piece.refresh_from_db()
    assert piece.due == dt.date(2026, 12, 28)


def test_a_failed_page_action_answers_422_for_htmx_to_swap_with_words_for_people(
    alice_client: Client,
) -> None:
    response = alice_client.post(
        "/apps/ideaboard/act/score_idea/", {"idea_id": 999, "score": "3"}, **HTMX
    )
    assert response.status_code == 422 and response["HX-Reswap"] == "innerHTML"
    html = response.content.decode()
    assert "Idea #999 no longer exists" in html and "list_ideas" not in html
