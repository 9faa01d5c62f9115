"""Errors on pages speak to people; the hints for agents stay in API and tool results."""

from __future__ import annotations

from steward.actions.exceptions import ActionInvalid, RateLimited, RecordNotFound
from steward.pages.people_errors import for_people, strip_hints


def test_a_missing_record_reads_as_deleted_without_the_agent_hint() -> None:
    error = for_people(
        RecordNotFound("No idea #42. Call list_ideas to see the ideas and ids."), app="ideaboard"
    )
    assert (
        error.message == "Idea #42 no longer exists; someone may have deleted it. Reload the page."
    )
    assert "list_ideas" not in error.message


def test_field_messages_drop_sentences_that_name_a_tool() -> None:
    exc = ActionInvalid(
        fields={
            "status": ["Piece #3 has no due date. Call reschedule to give it one."],
            "title": ["Ensure this field has no more than 200 characters."],
        }
    )
    error = for_people(exc, app="editorial")
    assert error.fields == {
        "status": "Piece #3 has no due date.",
        "title": "Ensure this field has no more than 200 characters.",
    }
    assert error.message == "Some fields need a change; see below."


def test_api_wording_is_dropped_and_a_message_always_remains() -> None:
    assert strip_hints("Send a JSON object. GET /api/apps/ lists them.", "crm") == ""
    assert for_people(ActionInvalid(fields={"x": ["GET /api/ for more."]}), app="crm").fields == {
        "x": "This value is not allowed."
    }
    assert "Wait 30 s" in for_people(RateLimited("slow", retry_after=30), app="crm").message
