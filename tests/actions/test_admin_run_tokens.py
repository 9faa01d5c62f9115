"""Run tokens in Django admin: out of the default token list, each naming its run."""

from __future__ import annotations

from collections.abc import Iterator
from typing import Any

import pytest
from django.core.management import call_command
from django.db import connection
from django.db.migrations.executor import MigrationExecutor

from tests.agents.conftest import finished, say
from tests.support.audit import allow_test_flush
from tests.support.openai_standin import OpenAIStandIn, Reply


def test_run_tokens_are_listed_only_on_request_and_name_their_run(
    model: OpenAIStandIn, client: Any, carol: Any, alice: Any
) -> None:
    from steward.access.models import AgentToken
    from steward.access.services import issue_token
    from steward.live.services import create_session

    people, _ = issue_token(name="codex", owner=alice, app="ideaboard")
    session = create_session(app="ideaboard", title="Tokens", created_by=alice)
    model.script(Reply.say("Hello."))
    run = finished(say(session.id, "hi", alice).id)
    issued = AgentToken.objects.get(pk=int(run.token_id))
    assert issued.run_id == run.id
    client.force_login(carol)

    default = client.get("/admin/access/agenttoken/").content.decode()
    runs = client.get("/admin/access/agenttoken/?issued_for=runs").content.decode()
    everything = client.get("/admin/access/agenttoken/?issued_for=all").content.decode()

    change = f"/admin/access/agenttoken/{issued.pk}/change/"
    assert f"/admin/access/agenttoken/{people.pk}/change/" in default and change not in default
    assert change in runs and run.id in runs
    assert f"/admin/access/agenttoken/{people.pk}/change/" not in runs
    assert change in everything and f"/admin/access/agenttoken/{people.pk}/change/" in everything
    assert run.id in client.get(change).content.decode()


@pytest.fixture
def before_run_ids(transactional_db: None) -> Iterator[None]:
    call_command("migrate", "access", "0003_stream_scopes", verbosity=0)
    try:
        yield
    finally:
        call_command("migrate", verbosity=0)  # whatever happened, back to every leaf
        allow_test_flush()


@pytest.mark.slow
def test_the_migration_names_the_run_of_every_run_token_already_issued(
    before_run_ids: None, alice: Any
) -> None:
    from steward.access.models import AgentToken

    old = MigrationExecutor(connection).loader.project_state([("access", "0003_stream_scopes")])
    OldToken = old.apps.get_model("access", "AgentToken")
    names = [f"agent run r_{n:016x}" for n in range(500)] + ["codex", "agent runner"]
    OldToken.objects.bulk_create(
        OldToken(name=name, owner_id=alice.pk, app="ideaboard", prefix=f"p{i}", secret_hash="x")
        for i, name in enumerate(names)
    )

    call_command("migrate", "access", verbosity=0)

    runs = dict(AgentToken.objects.values_list("name", "run_id"))
    assert runs["codex"] is None and runs["agent runner"] is None
    assert all(runs[f"agent run r_{n:016x}"] == f"r_{n:016x}" for n in range(500))
