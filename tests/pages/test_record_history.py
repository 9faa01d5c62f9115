"""A record's page shows its history: who, which action, each field before → after."""

from __future__ import annotations

import pytest

from apps.ideaboard.models import Idea
from steward.access.actors import Actor
from steward.actions.services import invoke

pytestmark = pytest.mark.django_db


def test_the_history_shows_an_agents_change_with_before_and_after(alice_client, alice):
    from steward.access.services import issue_token

    idea = Idea.objects.create(title="Kites")
    token, _ = issue_token(name="codex", owner=alice, app="ideaboard")
    invoke(actor=Actor.for_token(token), app="ideaboard", name="move_card",
           args={"idea_id": idea.pk, "column": "building"})  # fmt: skip

    html = alice_client.get(f"/apps/ideaboard/records/idea/{idea.pk}/").content.decode()

    history = html.split('id="history-heading"')[1]
    assert "agent codex (for alice)" in history and "move_card" in history
    row = history.split('<th scope="row">Column</th>')[1].split("</tr>")[0]
    assert "Inbox" in row.split('class="after"')[0] and "Building" in row.split('class="after"')[1]
    assert "Outside Steward" in history  # the fixture's own create, from the test's "shell"


def test_the_history_speaks_of_fields_as_the_page_does(alice_client):
    idea = Idea.objects.create(title="Kites", archived=True)

    html = alice_client.get(f"/apps/ideaboard/records/idea/{idea.pk}/").content.decode()

    history = html.split('id="history-heading"')[1]
    row = history.split('<th scope="row">Archived</th>')[1].split("</tr>")[0]
    assert "Yes" in row.split('class="after"')[1]
    assert '<th scope="row">id</th>' not in history  # the key and database timestamps: noise
    assert '<th scope="row">Updated</th>' not in history and "T" not in row


def test_the_history_names_related_records(alice_client, alice):
    from apps.crm.models import Company, Deal

    deal = Deal.objects.create(company=Company.objects.create(name="Acme"), title="R", owner=alice)

    html = alice_client.get(f"/apps/crm/records/deal/{deal.pk}/").content.decode()

    history = html.split('id="history-heading"')[1]
    company = history.split('<th scope="row">Company</th>')[1].split("</tr>")[0]
    owner = history.split('<th scope="row">Owner</th>')[1].split("</tr>")[0]
    assert "Acme" in company and "alice" in owner
