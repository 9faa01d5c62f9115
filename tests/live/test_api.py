from __future__ import annotations

import pytest

from steward.live import services
from steward.live.models import Event, Session

pytestmark = pytest.mark.django_db


def test_an_operator_creates_a_session_and_gets_its_id(alice_client):
    body = {"app": "crm", "title": "Pipeline review"}
    response = alice_client.post("/api/sessions/", body, content_type="application/json")
    assert response.status_code == 201
    body = response.json()
    assert body["id"].startswith("s_") and body["created_by"] == "alice"
    assert Session.objects.get(pk=body["id"]).app == "crm"


def test_a_viewer_may_not_open_a_session(client, bob):
    client.force_login(bob)
    response = client.post("/api/sessions/", {"app": "ideaboard"}, content_type="application/json")
    assert response.status_code == 403
    assert "operator" in response.json()["detail"]


def test_the_list_shows_only_sessions_of_apps_the_caller_may_see(client, alice, bob):
    services.create_session(app="crm", title="secret", created_by=alice)
    mine = services.create_session(app="ideaboard", title="open", created_by=alice)
    client.force_login(bob)
    assert [s["id"] for s in client.get("/api/sessions/").json()] == [mine.id]


def test_stop_and_steer_are_appended_with_who_asked(alice_client, alice):
    session = services.create_session(app="crm", title="t", created_by=alice)
    assert alice_client.post(f"/api/sessions/{session.id}/stop").status_code == 202
    response = alice_client.post(
        f"/api/sessions/{session.id}/steer", {"text": "wrap up"}, content_type="application/json"
    )
    assert response.status_code == 202
    events = Event.objects.filter(stream_id=session.stream_key).order_by("seq")
    assert [(e.type, e.by) for e in events] == [
        ("control.stop", "user:alice"),
        ("control.steer", "user:alice"),
    ]


def test_viewers_cannot_stop_and_outsiders_do_not_see_the_session(client, alice, bob):
    session = services.create_session(app="ideaboard", title="t", created_by=alice)
    crm = services.create_session(app="crm", title="t", created_by=alice)
    client.force_login(bob)
    assert client.post(f"/api/sessions/{session.id}/stop").status_code == 403
    assert client.post(f"/api/sessions/{crm.id}/stop").status_code == 404


def test_the_session_page_renders_for_the_team_only(client, alice, bob):
    crm = services.create_session(app="crm", title="Quarterly", created_by=alice)
    client.force_login(alice)
    assert b"Quarterly" in client.get(f"/sessions/{crm.id}/").content
    client.force_login(bob)
    assert client.get(f"/sessions/{crm.id}/").status_code == 404
