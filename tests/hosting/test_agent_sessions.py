import pytest
from django.test import Client

from steward.live.models import Session

pytestmark = pytest.mark.django_db


def test_an_operator_opens_an_agent_session_from_the_app_page(alice_client: Client, alice) -> None:  # type: ignore[no-untyped-def]
    assert 'action="/apps/crm/sessions/new/"' in alice_client.get("/apps/crm/").content.decode()
    response = alice_client.post("/apps/crm/sessions/new/")
    session = Session.objects.get()
    assert (session.app, session.created_by, session.title) == (
        "crm",
        alice,
        "CRM Lite with an agent",
    )
    assert response.status_code == 302 and response["Location"] == f"/sessions/{session.id}/"


def test_a_viewer_may_not_open_one(client: Client, bob) -> None:  # type: ignore[no-untyped-def]
    client.force_login(bob)
    assert "sessions/new" not in client.get("/apps/ideaboard/").content.decode()
    assert client.post("/apps/ideaboard/sessions/new/").status_code == 403
    assert not Session.objects.exists()


def test_an_unknown_app_is_404(alice_client: Client) -> None:
    assert alice_client.post("/apps/nope/sessions/new/").status_code == 404
