"""prove_loop against the stand-in model server (real openai client) and the demo model."""

from __future__ import annotations

from io import StringIO
from pathlib import Path
from typing import Any

import pytest
from django.core.management import call_command
from django.test import override_settings

from apps.ideaboard.models import Idea
from steward.access.models import AgentToken
from tests.support.openai_standin import OpenAIStandIn, Reply

pytestmark = [pytest.mark.slow]


def prove(*args: str) -> tuple[int, str, str]:
    out, err = StringIO(), StringIO()
    try:
        call_command("prove_loop", *args, "--timeout", "30", stdout=out, stderr=err)
        code = 0
    except SystemExit as exc:
        code = int(exc.code or 0)
    return code, out.getvalue(), err.getvalue()


def test_it_passes_when_a_fresh_agent_changes_the_app(
    model: OpenAIStandIn, carol: Any, ideaboard_skill: Path
) -> None:
    model.script(
        Reply.calls(("add_idea", {"title": "Tea tasting", "pitch": "Fridays"})),
        Reply.say("I added the idea Tea tasting."),
    )
    code, out, err = prove("ideaboard", "add an idea called Tea tasting")
    assert code == 0, out + err
    idea = Idea.objects.get(title="Tea tasting")
    assert "Session: http://127.0.0.1:8000/sessions/s_" in out
    assert "Actions called: add_idea [ok]" in out
    assert "Skill: ideaboard @ " in out
    assert f"created ideaboard.idea #{idea.pk}" in out
    assert "PASS" in out
    first = model.requests[0]
    system = first["messages"][0]["content"]
    assert ideaboard_skill.read_text().strip() in system  # the skill, as instructions
    offered = {t["function"]["name"] for t in first["tools"]}
    assert "add_idea" in offered
    assert not any(name.startswith(("add_company", "create_deal")) for name in offered)


def test_it_fails_when_the_agent_only_talks(model: OpenAIStandIn, carol: Any) -> None:
    model.script(Reply.say("Sure, I added it."))  # a claim without a tool call
    code, out, err = prove("ideaboard", "add an idea called Tea tasting")
    assert code == 1
    assert "Actions called: none" in out
    assert "no data-changing action" in err
    assert "data did not change" in err
    assert "live feed carried no change" in err


def test_a_read_only_call_does_not_count(model: OpenAIStandIn, carol: Any) -> None:
    model.script(Reply.calls(("list_ideas", {})), Reply.say("There are no ideas."))
    code, out, err = prove("ideaboard", "list ideas")
    assert code == 1
    assert "list_ideas [ok]" in out
    assert "no data-changing action" in err


def test_the_fresh_token_is_revoked_afterwards(model: OpenAIStandIn, carol: Any) -> None:
    model.script(Reply.say("Nothing to do."))
    prove("ideaboard", "hello")
    token = AgentToken.objects.get(name="prove-loop ideaboard")
    assert not token.is_active


def test_it_passes_with_the_offline_demo_model(transactional_db: None, carol: Any) -> None:
    with override_settings(OPENAI_BASE_URL="", OPENAI_API_KEY="", STEWARD_RUNNER="inprocess"):
        code, out, err = prove("crm", "add a company called Acme")
    assert code == 0, out + err
    assert "add_company [ok]" in out
    assert "demo" in out.lower()


def test_it_needs_someone_to_act_for(transactional_db: None) -> None:
    with pytest.raises(Exception, match="ensureadmin"):
        prove("ideaboard", "add an idea called Tea")
