"""Who may call what: tokens' scopes and people's team roles, each refusal audited."""

from __future__ import annotations

from datetime import timedelta

import pytest
from django.utils import timezone

from steward.access.models import AgentToken
from steward.audit.models import AuditEntry
from tests.support.actions_api import call

pytestmark = pytest.mark.django_db


def bearer(api, secret):
    api.credentials(HTTP_AUTHORIZATION=f"Bearer {secret}")
    return api


def test_a_token_for_one_app_calling_another_is_forbidden(api, issue):
    _, secret = issue(app="crm")

    response = call(bearer(api, secret), "ideaboard", "add_idea", {"title": "x"})

    assert response.status_code == 403
    assert "for app 'crm'" in response.json()["error"]["message"]
    assert AuditEntry.objects.calls().get().status == "denied"


def test_a_revoked_token_is_401_and_the_attempt_is_audited_with_the_token(api, issue):
    token, secret = issue()
    AgentToken.objects.filter(pk=token.pk).update(revoked=timezone.now())

    response = call(bearer(api, secret), "ideaboard", "add_idea", {"title": "x"})

    assert response.status_code == 401
    assert "revoked" in response.json()["error"]["message"]
    entry = AuditEntry.objects.calls().get()
    assert (entry.token_id, entry.status) == (token.pk, "denied")


def test_an_expired_token_is_401(api, issue):
    token, secret = issue(expires=timedelta(minutes=5))
    AgentToken.objects.filter(pk=token.pk).update(expires=timezone.now() - timedelta(seconds=1))

    response = call(bearer(api, secret), "ideaboard", "list_ideas")

    assert response.status_code == 401
    assert "expired" in response.json()["error"]["message"]


def test_an_unknown_secret_is_401(api):
    response = call(bearer(api, "stw_000000000000_nothing"), "ideaboard", "list_ideas")

    assert response.status_code == 401
    assert response["WWW-Authenticate"].startswith("Bearer")


def test_a_read_only_token_may_read_but_not_change(api, issue):
    _, secret = issue(read_only=True)
    bearer(api, secret)

    assert call(api, "ideaboard", "list_ideas").status_code == 200
    response = call(api, "ideaboard", "add_idea", {"title": "x"})
    assert response.status_code == 403
    assert "read-only" in response.json()["error"]["message"]


def test_a_token_may_call_only_its_listed_actions(api, issue):
    _, secret = issue(actions=["add_idea"])
    bearer(api, secret)

    assert call(api, "ideaboard", "add_idea", {"title": "x"}).status_code == 200
    response = call(api, "ideaboard", "move_card", {"idea_id": 1, "column": "done"})
    assert response.status_code == 403
    assert "may not call 'move_card'" in response.json()["error"]["message"]


def test_a_token_never_exceeds_its_owners_role(api, issue, bob):
    _, secret = issue(owner=bob)  # bob is a viewer on ideaboard
    bearer(api, secret)

    assert call(api, "ideaboard", "list_ideas").status_code == 200
    response = call(api, "ideaboard", "add_idea", {"title": "x"})
    assert response.status_code == 403
    assert "owner needs the operator role" in response.json()["error"]["message"]


def test_a_viewer_may_read_but_not_change(client, bob):
    client.force_login(bob)
    post = lambda name, body: client.post(  # noqa: E731
        f"/api/apps/ideaboard/actions/{name}/", body, content_type="application/json"
    )

    assert post("list_ideas", {}).status_code == 200
    response = post("add_idea", {"title": "x"})
    assert response.status_code == 403
    assert "operator role" in response.json()["error"]["message"]


def test_a_person_off_the_team_is_forbidden(client, bob):
    client.force_login(bob)  # bob has no role on crm

    response = client.post(
        "/api/apps/crm/actions/list_pipeline/", {}, content_type="application/json"
    )

    assert response.status_code == 403


def test_a_session_post_without_csrf_is_refused(alice):
    from django.test import Client

    client = Client(enforce_csrf_checks=True)
    client.force_login(alice)

    response = client.post(
        "/api/apps/ideaboard/actions/add_idea/", {"title": "x"}, content_type="application/json"
    )

    assert response.status_code == 403
    assert "CSRF" in response.json()["error"]["message"]


def test_an_unknown_or_malformed_secret_is_audited_as_anonymous(api):
    bearer(api, "stw_000000000000_nothing")
    call(api, "ideaboard", "add_idea", {"title": "probe"})
    bearer(api, "garbage")
    call(api, "ideaboard", "add_idea", {"title": "probe"})

    entries = list(AuditEntry.objects.order_by("seq"))
    assert [(e.actor_label, e.status) for e in entries] == [("anonymous", "denied")] * 2
    assert "Unknown agent token" in entries[0].error["message"]
    assert "Malformed" in entries[1].error["message"]
    assert entries[0].args == {"title": "probe"}
