"""The agent panel on app pages (agents/panel.py, templatetags/agent_panel.py) and the lists."""

from __future__ import annotations

import json
import re
from typing import Any

import pytest

from steward.agents.models import Run
from steward.live.services import create_session

pytestmark = pytest.mark.django_db


def panel_config(response: Any) -> dict[str, Any]:
    html = response.content.decode()
    start = html.index('id="agent-panel-config"')
    body = html[html.index(">", start) + 1 : html.index("</script>", start)]
    return json.loads(body)


@pytest.mark.parametrize("app", ["ideaboard", "crm", "editorial"])
def test_every_hosted_app_page_has_the_agent_region_with_its_controls(alice_client, app):
    html = alice_client.get(f"/apps/{app}/").content.decode()

    assert 'role="region" aria-label="Agent"' in html
    assert '<label for="agent-message" class="visually-hidden">Message</label>' in html
    for name in ("Send", "Steer", "Stop", "New session"):
        assert f"{name}</button>" in html


def test_pages_outside_the_apps_have_no_panel(alice_client):
    assert 'aria-label="Agent"' not in alice_client.get("/").content.decode()
    assert 'aria-label="Agent"' not in alice_client.get("/sessions/").content.decode()


def test_a_viewer_watches_without_a_message_box(client, bob):
    client.force_login(bob)

    response = client.get("/apps/ideaboard/")

    html = response.content.decode()
    assert 'aria-label="Agent"' in html and 'id="agent-message"' not in html
    assert "needs the operator role" in html
    assert panel_config(response)["canControl"] is False


def test_the_panel_follows_the_session_with_the_latest_activity(alice_client, alice):
    older = create_session(app="ideaboard", title="Older", created_by=alice)
    create_session(app="ideaboard", title="Newer", created_by=alice)
    create_session(app="crm", title="Other app", created_by=alice)
    Run.objects.create(session_id=older.id, app="ideaboard", state="completed")

    config = panel_config(alice_client.get("/apps/ideaboard/"))

    assert config["session"]["id"] == older.id
    assert config["session"]["socket"] == f"/ws/sessions/{older.id}/"
    assert config["sessionEmpty"] is False


def test_a_session_chosen_from_a_list_opens_in_the_panel_but_only_ones_own(
    alice_client, alice, bob
):
    mine = create_session(app="ideaboard", title="Mine", created_by=alice)
    create_session(app="ideaboard", title="Latest", created_by=alice)
    theirs = create_session(app="ideaboard", title="Bob's", created_by=bob)

    chosen = panel_config(alice_client.get(f"/apps/ideaboard/?session={mine.id}"))
    refused = panel_config(alice_client.get(f"/apps/ideaboard/?session={theirs.id}"))

    assert chosen["session"]["id"] == mine.id
    assert refused["session"]["title"] == "Latest"


def test_with_no_session_yet_the_panel_offers_the_demo_models_commands(alice_client, settings):
    response = alice_client.get("/apps/ideaboard/")

    config = panel_config(response)
    assert config["session"] is None and config["sessionEmpty"] is True
    assert "add an idea called Tea tasting" in response.content.decode()


def test_the_first_message_opens_a_session_titled_by_it(alice_client, alice):
    response = alice_client.post(
        "/apps/ideaboard/agent/sessions/", {"title": "add an idea   called Kites"}
    )

    assert response.status_code == 201
    body = response.json()
    assert body["title"] == "add an idea called Kites"
    assert body["socket"] == f"/ws/sessions/{body['id']}/"
    session = alice.live_sessions.get()
    assert (session.app, session.title) == ("ideaboard", "add an idea called Kites")


def test_a_viewer_cannot_open_a_session_and_is_told_why(client, bob):
    client.force_login(bob)

    response = client.post("/apps/ideaboard/agent/sessions/", {"title": "hello"})

    assert response.status_code == 403
    assert bob.live_sessions.count() == 0


def test_an_app_that_is_not_hosted_has_no_sessions(alice_client):
    assert alice_client.post("/apps/nope/agent/sessions/", {"title": "x"}).status_code == 404
    assert alice_client.get("/apps/nope/sessions/").status_code == 404


def test_the_session_lists_show_the_persons_own_sessions_with_state_and_runs(
    alice_client, alice, bob
):
    board = create_session(app="ideaboard", title="Board work", created_by=alice)
    create_session(app="crm", title="Pipeline work", created_by=alice)
    create_session(app="ideaboard", title="Not hers", created_by=bob)
    Run.objects.create(session_id=board.id, app="ideaboard", state="awaiting_approval")

    everywhere = alice_client.get("/sessions/").content.decode()
    ideaboard = alice_client.get("/apps/ideaboard/sessions/").content.decode()

    assert "Board work" in everywhere and "Pipeline work" in everywhere
    assert "Not hers" not in everywhere
    assert "waiting for approval" in everywhere and "1 run" in everywhere
    assert f"/apps/ideaboard/?session={board.id}" in everywhere
    assert "Board work" in ideaboard and "Pipeline work" not in ideaboard


@pytest.mark.parametrize(
    ("app", "offered", "not_offered"),
    [
        ("ideaboard", "score Tea tasting 8", "add a company called Acme"),
        ("crm", "add a company called Acme", "add an idea called Tea tasting"),
        ("editorial", "plan a piece called Launch post", "list ideas"),
    ],
)
def test_the_demo_commands_offered_are_the_ones_this_app_can_carry_out(
    alice_client, app, offered, not_offered
):
    html = alice_client.get(f"/apps/{app}/").content.decode()

    chips = re.findall(r'data-command="([^"]+)"', html)
    assert offered in chips and not_offered not in chips


def test_only_staff_are_told_which_settings_connect_a_real_model(alice_client, client, carol):
    person = alice_client.get("/apps/ideaboard/").content.decode()
    client.force_login(carol)
    staff = client.get("/apps/ideaboard/").content.decode()

    assert "OPENAI_BASE_URL" not in person
    assert "ask your administrator to connect one" in person
    assert "OPENAI_BASE_URL / OPENAI_API_KEY" in staff
