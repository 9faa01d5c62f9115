"""@action declarations: validated at start-up, with messages that say how to fix them."""

from __future__ import annotations

import datetime as dt
import subprocess
import sys
from typing import Annotated, Any, Literal

import pytest
from django.core.exceptions import ImproperlyConfigured
from rest_framework import serializers

from steward.actions import Param
from steward.actions.exceptions import UnknownAction
from steward.actions.jsonschema import NOT_BLANK
from steward.actions.registry import ActionRegistry, actions
from steward.actions.spec import build_spec
from tests.support.servers import ROOT, subprocess_env


def spec_of(func: Any, **kwargs: Any) -> Any:
    kwargs.setdefault("description", "Does a thing.")
    return build_spec(func, app="ideaboard", **kwargs)


def test_the_demo_apps_actions_are_discovered_at_start_up():
    names = {s.qualified_name for s in actions.all()}

    assert {
        "ideaboard.add_idea", "ideaboard.score_idea", "ideaboard.move_card",
        "ideaboard.list_ideas", "ideaboard.archive_idea", "crm.add_company", "crm.add_contact",
        "crm.create_deal", "crm.move_deal_stage", "crm.log_activity", "crm.list_pipeline",
        "editorial.plan_piece", "editorial.assign_piece", "editorial.set_status",
        "editorial.reschedule", "editorial.list_calendar",
    } <= names  # fmt: skip


def test_metadata_is_declared_on_the_spec():
    archive = actions.get("ideaboard", "archive_idea")
    listing = actions.get("ideaboard", "list_ideas")

    assert archive.destructive and archive.requires_approval and not archive.read_only
    assert listing.read_only and listing.idempotent and listing.permission == "viewer"
    assert actions.get("ideaboard", "add_idea").permission == "operator"


def test_the_name_defaults_to_the_functions_and_can_be_chosen():
    def add_thing(ctx: Any, *, title: str) -> dict[str, Any]:
        return {}

    assert spec_of(add_thing).name == "add_thing"
    assert spec_of(add_thing, name="create_thing").name == "create_thing"


def test_a_duplicate_name_raises_naming_both_functions():
    registry = ActionRegistry()

    def one(ctx: Any) -> None: ...

    def two(ctx: Any) -> None: ...

    registry.register(spec_of(one, name="same"))
    with pytest.raises(
        ImproperlyConfigured, match=r"Two actions are named 'ideaboard\.same'.*Rename"
    ):
        registry.register(spec_of(two, name="same"))


def test_a_missing_description_raises_with_an_example():
    def quiet(ctx: Any) -> None: ...

    with pytest.raises(ImproperlyConfigured, match=r"no description.*@action\(description="):
        spec_of(quiet, description="  ")


def test_an_unsupported_parameter_type_raises_naming_the_parameter_and_the_choices():
    def odd(ctx: Any, *, blob: dict[str, Any]) -> None: ...

    with pytest.raises(
        ImproperlyConfigured, match=r"odd\(blob\).*cannot become JSON Schema.*input="
    ):
        spec_of(odd)


def test_a_union_other_than_optional_raises():
    def either(ctx: Any, *, x: int | str) -> None: ...

    with pytest.raises(ImproperlyConfigured, match=r"X \| None"):
        spec_of(either)


def test_a_positional_parameter_raises_asking_for_keyword_only():
    def positional(ctx: Any, title: str) -> None: ...

    with pytest.raises(ImproperlyConfigured, match=r"must be keyword-only.*\*"):
        spec_of(positional)


def test_a_parameter_without_annotation_raises():
    def bare(ctx, *, title):  # type: ignore[no-untyped-def]
        return None

    with pytest.raises(ImproperlyConfigured, match="no type annotation"):
        spec_of(bare)


def test_a_bare_decorator_raises_with_the_right_spelling():
    from steward.actions import action

    with pytest.raises(ImproperlyConfigured, match=r"@action\(description="):

        @action  # type: ignore[arg-type]
        def nothing(ctx: Any) -> None: ...


@pytest.mark.parametrize(
    ("kwargs", "message"),
    [
        ({"rate": "often"}, "rate='10/m'"),
        ({"rate": "10/often"}, "rate='10/m'"),
        ({"rate": "5/0m"}, "rate='10/m'"),
        ({"permission": "boss"}, "viewer, operator, admin"),
        ({"read_only": True, "destructive": True}, "Drop read_only"),
        ({"name": "Add Idea"}, "lowercase letters"),
        ({"offered_when": "archived"}, "offered_when=lambda idea: not idea.archived"),
    ],
)
def test_bad_metadata_raises_with_the_fix(kwargs, message):
    def thing(ctx: Any) -> None: ...

    with pytest.raises(ImproperlyConfigured, match=message.replace("(", r"\(")):
        spec_of(thing, **kwargs)


def test_an_input_serializer_must_match_the_functions_parameters():
    class Input(serializers.Serializer):
        title = serializers.CharField()
        colour = serializers.CharField()

    def takes_title(ctx: Any, *, title: str) -> None: ...

    with pytest.raises(ImproperlyConfigured, match="does not accept colour"):
        spec_of(takes_title, input=Input)


def test_an_input_serializer_with_an_unmappable_field_raises():
    class Input(serializers.Serializer):
        blob = serializers.JSONField()

    def takes(ctx: Any, **data: Any) -> None: ...

    with pytest.raises(ImproperlyConfigured, match="JSONField cannot become JSON Schema"):
        spec_of(takes, input=Input)


def test_every_supported_type_becomes_a_schema():
    def rich(
        ctx: Any,
        *,
        text: str,
        count: Annotated[int, Param(min_value=1, max_value=9, help="How many.")],
        ratio: float,
        flag: bool,
        mode: Literal["a", "b"],
        tags: list[str],
        day: dt.date,
        at: dt.datetime,
        maybe: str | None = None,
        size: int = 3,
    ) -> None: ...

    props = spec_of(rich).input_schema()["properties"]

    assert props["text"] == {"type": "string", "minLength": 1, "pattern": NOT_BLANK}
    assert props["count"] == {
        "type": "integer",
        "minimum": 1,
        "maximum": 9,
        "description": "How many.",
    }
    assert props["ratio"] == {"type": "number"}
    assert props["flag"] == {"type": "boolean"}
    assert props["mode"] == {"enum": ["a", "b"], "type": "string"}
    assert props["tags"] == {
        "type": "array", "items": {"type": "string", "minLength": 1, "pattern": NOT_BLANK},
    }  # fmt: skip
    assert props["day"] == {"type": "string", "format": "date"}
    assert props["at"] == {"type": "string", "format": "date-time"}
    assert props["maybe"] == {"type": ["string", "null"], "default": None}
    assert props["size"] == {"type": "integer", "default": 3}
    schema = spec_of(rich).input_schema()
    assert schema["required"] == ["text", "count", "ratio", "flag", "mode", "tags", "day", "at"]
    assert schema["additionalProperties"] is False


def test_a_serializer_input_becomes_a_schema_with_formats():
    schema = actions.get("crm", "add_company").input_schema()

    assert schema["properties"]["website"]["format"] == "uri"
    assert schema["properties"]["name"]["maxLength"] == 200
    assert schema["required"] == ["name"]


def test_the_digest_changes_when_an_action_changes():
    registry = ActionRegistry()

    def thing(ctx: Any, *, a: int) -> None: ...

    registry.register(spec_of(thing))
    before = registry.digest("ideaboard")
    registry.unregister("ideaboard", "thing")
    registry.register(spec_of(thing, description="Does another thing."))

    assert registry.digest("ideaboard") != before
    assert len(before) == 64


def test_an_unknown_action_raises_a_lookup_error_with_the_listing_url():
    with pytest.raises(UnknownAction, match="/api/apps/ideaboard/actions/"):
        actions.get("ideaboard", "nope")


def test_importing_the_decorator_loads_no_models():
    code = (
        "import sys; import steward.actions; "
        "from steward.actions import action, Param; "
        "bad = [m for m in sys.modules if m.endswith('.models') and m.startswith('steward')]; "
        "assert not bad, bad; print('ok')"
    )
    result = subprocess.run(
        [sys.executable, "-c", code], cwd=ROOT, env=subprocess_env(), capture_output=True,
        text=True, timeout=60,
    )  # fmt: skip

    assert result.stdout.strip() == "ok", result.stderr


def test_a_spec_is_frozen():
    import dataclasses

    spec = actions.get("ideaboard", "add_idea")
    with pytest.raises(dataclasses.FrozenInstanceError):
        spec.read_only = True  # type: ignore[misc]
    spec.input_schema()["properties"].clear()
    assert spec.input_schema()["properties"]


def test_a_nested_serializer_becomes_a_closed_nested_object():
    class Address(serializers.Serializer):
        city = serializers.CharField()
        zip = serializers.CharField(required=False)

    class Input(serializers.Serializer):
        address = Address()
        tags = serializers.ListField(child=serializers.IntegerField(min_value=0), max_length=5)

    def takes(ctx: Any, **data: Any) -> None: ...

    schema = spec_of(takes, input=Input).input_schema()

    address = schema["properties"]["address"]
    assert address["additionalProperties"] is False and address["required"] == ["city"]
    assert schema["properties"]["tags"] == {
        "type": "array", "items": {"type": "integer", "minimum": 0}, "maxItems": 5,
    }  # fmt: skip
