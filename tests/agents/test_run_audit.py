"""Starting and stopping runs, and opening sessions, are audited with who did it (issue 12,
item 9)."""

from __future__ import annotations

from typing import Any

import pytest
from rest_framework.test import APIClient

from steward.access.actors import Actor
from steward.access.services import issue_token
from steward.agents import services
from steward.audit.models import AuditEntry

# Not transactional: on_commit never fires, so the queued run is not executed (no model).
pytestmark = pytest.mark.django_db


def test_say_audits_the_run_it_starts_and_stop_audits_who_stopped_it(
    session: Any, alice: Any
) -> None:
    said = services.say(session_id=session.id, text="hello", actor=Actor.for_user(alice))
    [start] = AuditEntry.objects.filter(action="run.start")
    assert (start.actor_label, start.user, start.app) == ("user:alice", alice, "ideaboard")
    assert (start.session_id, start.run_id) == (session.id, said.run.id)

    services.stop(session_id=session.id, by="user:alice", run=said.run.id)
    [stop] = AuditEntry.objects.filter(action="run.stop")
    assert (stop.actor_label, stop.app, stop.run_id) == ("user:alice", "ideaboard", said.run.id)


def test_a_refused_say_audits_no_run(session: Any, bob: Any) -> None:
    from steward.agents.exceptions import CannotStartRun

    with pytest.raises(CannotStartRun):
        services.say(session_id=session.id, text="hello", actor=Actor.for_user(bob))
    assert not AuditEntry.objects.filter(action="run.start").exists()


def test_opening_a_session_is_audited_as_the_token_that_opened_it(alice: Any) -> None:
    _, secret = issue_token(name="codex", owner=alice, app="ideaboard")
    api = APIClient()
    api.credentials(HTTP_AUTHORIZATION=f"Bearer {secret}")
    response = api.post("/api/sessions/", {"app": "ideaboard", "title": "T"}, format="json")
    assert response.status_code == 201, response.content
    [row] = AuditEntry.objects.filter(action="session.create")
    assert (row.actor_label, row.app, row.session_id) == (
        "token:codex",
        "ideaboard",
        response.json()["id"],
    )
