"""Every app page needs a logged-in person with a role on that app's team."""

import pytest
from django.test import Client

pytestmark = pytest.mark.django_db

PAGES = [
    "/apps/ideaboard/",
    "/apps/ideaboard/board/",
    "/apps/crm/",
    "/apps/crm/pipeline/",
    "/apps/crm/companies/",
    "/apps/editorial/",
    "/apps/editorial/calendar/",
    "/apps/editorial/unscheduled/",
]


@pytest.mark.parametrize("url", PAGES)
def test_anonymous_visitors_are_sent_to_the_login_page(client: Client, url: str) -> None:
    response = client.get(url)
    assert response.status_code == 302
    assert response["Location"].startswith("/accounts/login/?next=")


@pytest.mark.parametrize("url", PAGES)
def test_a_team_member_sees_the_page(alice_client: Client, url: str) -> None:
    assert alice_client.get(url).status_code == 200


@pytest.mark.parametrize("url", [u for u in PAGES if not u.startswith("/apps/ideaboard/")])
def test_a_person_without_a_role_on_the_app_gets_403(client: Client, bob, url: str) -> None:  # type: ignore[no-untyped-def]
    client.force_login(bob)
    assert client.get(url).status_code == 403


def test_a_viewer_sees_the_board_without_action_forms(client: Client, bob) -> None:  # type: ignore[no-untyped-def]
    client.force_login(bob)
    html = client.get("/apps/ideaboard/").content.decode()
    assert 'id="board"' in html
    assert "/apps/ideaboard/act/" not in html and "data-action-form" not in html


def test_an_operator_gets_action_forms(alice_client: Client) -> None:
    html = alice_client.get("/apps/ideaboard/").content.decode()
    assert 'data-action-form="ideaboard.add_idea"' in html


def test_the_403_page_says_why_and_how_to_fix_it(client: Client, bob) -> None:  # type: ignore[no-untyped-def]
    client.force_login(bob)
    html = client.get("/apps/crm/").content.decode()
    assert "You have no viewer role on the crm team. Ask an admin to add you." in html
    assert 'href="/"' in html
