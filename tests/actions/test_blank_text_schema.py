"""Text that the server refuses when blank says so in its schema: minLength 1, and a pattern
for "not only spaces" where the field trims them first. Strict tools say it in words."""

from __future__ import annotations

import re
import sys
from typing import Any

import pytest
from rest_framework import serializers

from steward.actions.jsonschema import NOT_BLANK, schema_for_serializer
from steward.actions.registry import actions
from steward.actions.tools import strict_schema

pytestmark = pytest.mark.django_db


def _text_properties() -> list[tuple[Any, str, dict[str, Any]]]:
    return [
        (spec, name, prop)
        for spec in actions.all()
        for name, prop in spec.input_schema()["properties"].items()
        if "string" in (prop.get("type") or ()) and "enum" not in prop and "format" not in prop
    ]


def _refusal(spec: Any, name: str, value: str) -> list[Any]:
    serializer = spec.serializer_class(data={name: value})
    serializer.is_valid()
    return list(serializer.errors.get(name, []))


@pytest.mark.parametrize(
    ("spec", "name", "prop"), _text_properties(), ids=lambda v: getattr(v, "qualified_name", v)
)
def test_every_action_text_refuses_blank_exactly_when_its_schema_says_so(spec, name, prop):
    refuses_blank = bool(_refusal(spec, name, "")) and bool(_refusal(spec, name, " \t\u3000 "))

    assert refuses_blank == (prop.get("minLength", 0) >= 1 and prop.get("pattern") == NOT_BLANK)
    if not refuses_blank:
        assert not _refusal(spec, name, "") and not _refusal(spec, name, "   ")


def test_the_demo_apps_declare_the_names_and_titles_they_refuse_blank():
    for app, name, field in [
        ("crm", "add_company", "name"),
        ("crm", "update_company", "name"),
        ("crm", "update_contact", "name"),
        ("crm", "update_deal", "title"),
        ("editorial", "update_piece", "title"),
        ("ideaboard", "update_idea", "title"),
    ]:
        prop = actions.get(app, name).input_schema()["properties"][field]
        assert prop["minLength"] == 1 and prop["pattern"] == NOT_BLANK, f"{app}.{name}.{field}"
    assert (
        "minLength"
        not in actions.get("crm", "update_contact").input_schema()["properties"]["phone"]
    )  # empty clears it


def test_the_not_blank_pattern_matches_what_trimming_leaves():
    pattern = re.compile(NOT_BLANK)

    disagree = [
        hex(code)
        for code in range(sys.maxunicode + 1)
        if bool(pattern.search(chr(code))) != bool(chr(code).strip())
    ]

    assert not disagree
    assert pattern.search("  a  ") and not pattern.search(" \u00a0\u2003\n")


def test_a_field_that_keeps_whitespace_needs_only_one_character():
    class Input(serializers.Serializer):
        kept = serializers.CharField(trim_whitespace=False)
        longer = serializers.CharField(min_length=3)
        blank = serializers.CharField(allow_blank=True)

    props = schema_for_serializer(Input, "test")["properties"]

    assert props["kept"] == {"type": "string", "minLength": 1}
    assert props["longer"] == {"type": "string", "minLength": 3, "pattern": NOT_BLANK}
    assert props["blank"] == {"type": "string"}


def test_strict_tools_say_not_blank_in_words_without_the_keywords():
    # OpenAI strict mode lists neither minLength nor (for fine-tuned models) pattern.
    title = strict_schema(actions.get("ideaboard", "update_idea").schema)["properties"]["title"]

    assert "minLength" not in title and "pattern" not in title
    assert title["description"] == (
        "A short, specific title. Not empty or only spaces; at most 200 characters; default null."
    )


def test_rest_request_text_that_refuses_blank_says_so_and_answers_are_left_alone(alice_client):
    schemas = alice_client.get("/api/schema/?format=json").json()["components"]["schemas"]

    new_session = schemas["NewSessionRequest"]["properties"]
    assert new_session["app"]["minLength"] == 1 and new_session["app"]["pattern"] == NOT_BLANK
    assert "minLength" not in new_session["title"] and "pattern" not in new_session["title"]
    assert "minLength" not in schemas["Session"]["properties"]["app"]  # an answer, not a request
    for spaces in ("", "  \u3000"):
        refused = alice_client.post("/api/sessions/", {"app": spaces}, "application/json")
        assert refused.status_code == 400 and "app" in refused.json()["error"]["fields"]


def test_a_form_body_may_send_empty_for_null_and_its_schema_says_so(alice_client, alice):
    from steward.actions.openapi_blank import EMPTY_OR_NOT_BLANK
    from steward.live.services import create_session

    session = create_session(app="ideaboard", title="Stopped", created_by=alice)
    url = f"/api/sessions/{session.id}/stop"
    body = alice_client.get("/api/schema/?format=json").json()["paths"][
        "/api/sessions/{session_id}/stop"
    ]["post"]["requestBody"]["content"]

    assert body["multipart/form-data"]["schema"]["properties"]["run"]["pattern"] == (
        EMPTY_OR_NOT_BLANK
    )
    assert "minLength" not in body["multipart/form-data"]["schema"]["properties"]["run"]
    assert alice_client.post(url, {"run": ""}).status_code == 202  # "" in a form is null
    assert alice_client.post(url, {"run": "  "}).status_code == 400
    assert alice_client.post(url, {"run": ""}, "application/json").status_code == 400
    assert [bool(re.search(EMPTY_OR_NOT_BLANK, s)) for s in ("", "\n", " ", "r_1")] == [
        True, False, False, True,
    ]  # fmt: skip
