"""People refused on an app's pages get a 403 and leave an audit row (issue 12, item 6)."""

from __future__ import annotations

from typing import Any

import pytest
from django.test import Client

from apps.ideaboard.models import Idea
from steward.audit.models import AuditEntry

pytestmark = pytest.mark.django_db


def denials(action: str) -> list[AuditEntry]:
    return list(AuditEntry.objects.filter(status="denied", action=action))


def test_a_non_member_refused_on_an_app_page_is_audited(client: Client, bob: Any) -> None:
    client.force_login(bob)  # a viewer of ideaboard, nobody on crm
    assert client.get("/apps/crm/").status_code == 403
    [row] = denials("page.view")
    assert (row.actor_label, row.user, row.app) == ("user:bob", bob, "crm")
    assert row.args == {"method": "GET", "path": "/apps/crm/"}


def test_a_non_member_posting_a_page_form_is_refused_and_audited_with_the_action(
    client: Client, bob: Any
) -> None:
    client.force_login(bob)
    assert client.post("/apps/crm/act/add_company/", {"name": "X"}).status_code == 403
    assert client.post("/apps/crm/actions/add_company/", {"name": "X"}).status_code == 403
    rows = denials("add_company")
    assert [(r.actor_label, r.app) for r in rows] == [("user:bob", "crm")] * 2


@pytest.mark.parametrize(
    "path", ["/apps/ideaboard/act/add_idea/", "/apps/ideaboard/actions/add_idea/"]
)
def test_a_viewer_posting_a_changing_action_gets_403_without_htmx_and_it_is_audited(
    client: Client, bob: Any, path: str
) -> None:
    client.force_login(bob)
    response = client.post(path, {"title": "Sneaky"})
    assert response.status_code == 403
    assert not Idea.objects.exists()
    [row] = denials("add_idea")
    assert (row.actor_label, row.app) == ("user:bob", "ideaboard")


def test_members_leave_no_denied_rows(alice_client: Client) -> None:
    assert alice_client.get("/apps/ideaboard/").status_code == 200
    assert not AuditEntry.objects.filter(status="denied").exists()
