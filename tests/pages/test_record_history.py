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
    row = history.split('<th scope="row">column</th>')[1].split("</tr>")[0]
    assert "inbox" in row.split('class="after"')[0] and "building" in row.split('class="after"')[1]
    assert "Outside Steward" in history  # the fixture's own create, from the test's "shell"
