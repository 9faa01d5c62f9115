"""With no model configured, the offline demo model drives real tool calls, labelled as a demo."""

from __future__ import annotations

from collections.abc import Iterator
from typing import Any

import pytest
from django.test import override_settings

from apps.ideaboard.models import Idea
from tests.agents.conftest import finished, say, transcript


@pytest.fixture
def offline(transactional_db: None) -> Iterator[None]:
    with override_settings(OPENAI_BASE_URL="", OPENAI_API_KEY="", STEWARD_RUNNER="inprocess"):
        yield


def test_the_demo_model_adds_moves_scores_and_lists_ideas(
    offline: None, session: Any, alice: Any
) -> None:
    run = finished(say(session.id, "add an idea called Tea tasting", alice).id)
    assert run.state == "completed" and run.model == "steward-demo (offline)"
    idea = Idea.objects.get(title="Tea tasting")
    started = next(e for e in transcript(session.id) if e["type"] == "run.started")
    assert started["data"]["model"] == "steward-demo (offline)" and started["data"]["demo"] is True

    assert finished(say(session.id, "move Tea tasting to building", alice).id).state == "completed"
    assert finished(say(session.id, "score tea tasting 8", alice).id).state == "completed"
    idea.refresh_from_db()
    assert (idea.column, idea.score) == ("building", 8)

    listed = finished(say(session.id, "list ideas", alice).id)
    assert "Tea tasting" in listed.output
    for text in (run.output, listed.output):
        assert text.startswith("Demo model:")


def test_the_demo_model_explains_itself_for_anything_else(
    offline: None, session: Any, alice: Any
) -> None:
    run = finished(say(session.id, "what is the meaning of life", alice).id)
    assert run.state == "completed"
    assert "offline demo model" in run.output
    # Everyone watching the session reads it: a way forward for a person, not a setting's name.
    assert "ask your administrator to connect one" in run.output
    assert "OPENAI_BASE_URL" not in run.output


def test_the_demo_model_works_the_crm_and_the_editorial_calendar(offline: None, alice: Any) -> None:
    from apps.crm.models import Company
    from apps.editorial.models import Piece
    from steward.live.services import create_session

    crm = create_session(app="crm", title="crm", created_by=alice)
    assert finished(say(crm.id, "add a company called Acme", alice).id).state == "completed"
    assert Company.objects.filter(name="Acme").exists()
    assert "deals" in finished(say(crm.id, "list deals", alice).id).output

    editorial = create_session(app="editorial", title="editorial", created_by=alice)
    run = finished(say(editorial.id, "plan a piece called Launch post", alice).id)
    assert run.state == "completed" and Piece.objects.filter(title="Launch post").exists()
    assert "Launch post" in finished(say(editorial.id, "list pieces", alice).id).output


def test_the_demo_model_says_which_argument_was_wrong_in_words(
    offline: None, session: Any, alice: Any
) -> None:
    Idea.objects.create(title="Kites")

    run = finished(say(session.id, "score Kites 12", alice).id)

    assert run.state == "completed"
    assert "That did not work: Ensure this value is less than or equal to 10." in run.output
