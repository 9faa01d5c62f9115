import pytest
from django.test import Client

from apps.ideaboard.models import Idea

pytestmark = pytest.mark.django_db


def test_it_shows_title_description_counts_and_link_of_each_visible_app(
    alice_client: Client,
) -> None:
    Idea.objects.create(title="One")
    Idea.objects.create(title="Two")
    html = alice_client.get("/").content.decode()
    assert "Idea Board" in html and "kanban board" in html
    assert 'href="/apps/ideaboard/"' in html and 'href="/apps/crm/"' in html
    card = html.split('data-app="ideaboard"')[1].split("</article>")[0]
    assert "<strong>2</strong> Ideas" in card


def test_it_shows_only_the_apps_a_person_may_see(client: Client, bob) -> None:  # type: ignore[no-untyped-def]
    client.force_login(bob)
    html = client.get("/").content.decode()
    assert 'data-app="ideaboard"' in html
    assert 'data-app="crm"' not in html and 'data-app="editorial"' not in html


def test_anonymous_visitors_are_sent_to_log_in(client: Client) -> None:
    response = client.get("/")
    assert response.status_code == 302 and response["Location"].startswith("/accounts/login/")


def test_a_person_on_no_team_gets_403(client: Client, django_user_model) -> None:  # type: ignore[no-untyped-def]
    client.force_login(django_user_model.objects.create_user("eve", password="x-x-x-x-x"))
    assert client.get("/").status_code == 403


def test_the_login_page_renders(client: Client) -> None:
    response = client.get("/accounts/login/")
    assert response.status_code == 200 and b'name="password"' in response.content


def test_the_navigation_lists_only_visible_apps(client: Client, bob) -> None:  # type: ignore[no-untyped-def]
    client.force_login(bob)
    nav = client.get("/").content.decode().split('class="apps-nav"')[1].split("</nav>")[0]
    assert "/apps/ideaboard/" in nav and "/apps/crm/" not in nav


def test_logging_out_ends_the_session(alice_client: Client) -> None:
    response = alice_client.post("/accounts/logout/")
    assert response.status_code == 302 and response["Location"] == "/accounts/login/"
    assert alice_client.get("/").status_code == 302


def test_staff_without_a_membership_see_the_same_apps_everywhere(client, django_user_model):
    """One rule decides who sees an app: staff see the apps they are members of (none here),
    on the dashboard, in /api/apps/ and on the apps' pages alike."""
    staff = django_user_model.objects.create_user("stan", "stan@example.com", "pw", is_staff=True)
    client.force_login(staff)

    dashboard = client.get("/")
    assert dashboard.status_code == 200
    assert b'data-app="' not in dashboard.content
    assert client.get("/api/apps/").json() == {"apps": []}
    assert client.get("/apps/ideaboard/").status_code == 403


def test_a_wrong_password_is_said_once_and_the_username_is_kept(client: Client, bob) -> None:  # type: ignore[no-untyped-def]
    response = client.post("/accounts/login/", {"username": "bob", "password": "not-it"})

    html = response.content.decode()
    assert response.status_code == 200
    assert html.count("Please enter a correct username and password.") == 1
    assert "didn't match" not in html
    assert 'name="username" value="bob"' in html
