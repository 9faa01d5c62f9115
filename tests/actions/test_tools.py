"""Tool export: OpenAI strict function tools and MCP tools with behaviour annotations."""

from __future__ import annotations

import copy
from typing import Any

import pytest
from openai.lib._pydantic import _ensure_strict_json_schema

from steward.actions.registry import actions
from steward.actions.tools import mcp_tools, openai_tools, strict_schema

pytestmark = pytest.mark.django_db


def walk_objects(schema: dict[str, Any]):
    if "properties" in schema:
        yield schema
        for prop in schema["properties"].values():
            yield from walk_objects(prop)
    if isinstance(schema.get("items"), dict):
        yield from walk_objects(schema["items"])
    for option in schema.get("anyOf", []):
        yield from walk_objects(option)


@pytest.mark.parametrize("spec", actions.all(), ids=lambda s: s.qualified_name)
def test_every_action_is_a_valid_strict_openai_tool(spec):
    [tool] = openai_tools([spec])
    params = tool["function"]["parameters"]

    assert tool["type"] == "function" and tool["function"]["strict"] is True
    for node in walk_objects(params):
        assert node["additionalProperties"] is False
        assert node["required"] == list(node["properties"])
    # The openai client's own strict-schema pass finds nothing left to change.
    assert _ensure_strict_json_schema(copy.deepcopy(params), path=(), root=params) == params


def test_optional_arguments_become_nullable_and_keep_their_hints_in_words():
    params = strict_schema(actions.get("ideaboard", "list_ideas").schema)

    column = params["properties"]["column"]
    assert column["type"] == ["string", "null"] and None in column["enum"]
    limit = params["properties"]["limit"]
    assert limit["type"] == ["integer", "null"]
    assert "default 50" in limit["description"] and "at most 200" in limit["description"]
    assert "default" not in limit and "maximum" not in limit


def test_nested_objects_and_arrays_are_strict_too():
    schema = {
        "type": "object",
        "properties": {
            "people": {"type": "array", "items": {"type": "object", "properties": {
                "name": {"type": "string"}, "age": {"type": "integer"}}, "required": ["name"]}},
        },
        "required": [],
    }  # fmt: skip

    out = strict_schema(schema)

    person = out["properties"]["people"]["items"]
    assert out["properties"]["people"]["type"] == ["array", "null"]
    assert person["additionalProperties"] is False and person["required"] == ["name", "age"]
    assert person["properties"]["age"]["type"] == ["integer", "null"]


def test_the_openai_client_accepts_the_tools_in_a_request():
    import httpx
    import openai

    seen: list[dict[str, Any]] = []

    def handler(request: httpx.Request) -> httpx.Response:
        import json

        seen.append(json.loads(request.content))
        return httpx.Response(200, json={
            "id": "c", "object": "chat.completion", "created": 0, "model": "m",
            "choices": [{"index": 0, "finish_reason": "stop",
                         "message": {"role": "assistant", "content": "ok"}}],
        })  # fmt: skip

    client = openai.OpenAI(
        api_key="x", base_url="http://127.0.0.1:9/v1",
        http_client=httpx.Client(transport=httpx.MockTransport(handler)),
    )  # fmt: skip
    tools = openai_tools(actions.for_app("ideaboard"))
    client.chat.completions.create(model="m", messages=[{"role": "user", "content": "hi"}],
                                   tools=tools)  # type: ignore[arg-type]  # fmt: skip

    assert seen[0]["tools"] == tools


def test_responses_api_tools_are_flat():
    [tool] = openai_tools([actions.get("ideaboard", "add_idea")], api="responses")

    assert tool["name"] == "add_idea" and tool["strict"] is True and "function" not in tool


def test_mcp_tools_carry_behaviour_annotations():
    tools = {t["name"]: t for t in mcp_tools(actions.for_app("ideaboard"))}

    archive = tools["archive_idea"]["annotations"]
    assert archive == {"title": "Archive idea", "readOnlyHint": False, "destructiveHint": True,
                       "idempotentHint": False, "openWorldHint": False}  # fmt: skip
    assert tools["list_ideas"]["annotations"]["readOnlyHint"] is True
    assert tools["move_card"]["annotations"]["idempotentHint"] is True
    assert tools["add_idea"]["inputSchema"]["required"] == ["title"]


def test_mcp_tools_are_accepted_by_the_mcp_sdk():
    from mcp.types import Tool

    for tool in mcp_tools(actions.all()):
        Tool.model_validate(tool)


def test_the_tools_endpoint_lists_only_what_the_token_may_call(api, issue):
    _, secret = issue(actions=["add_idea", "list_ideas"])
    api.credentials(HTTP_AUTHORIZATION=f"Bearer {secret}")

    openai_body = api.get("/api/tools/?format=openai").json()
    mcp_body = api.get("/api/tools/?format=mcp").json()

    assert sorted(t["function"]["name"] for t in openai_body["tools"]) == ["add_idea", "list_ideas"]
    assert sorted(t["name"] for t in mcp_body["tools"]) == ["add_idea", "list_ideas"]
    assert api.get("/api/tools/?format=yaml").status_code == 400


def test_the_tools_endpoint_gives_a_viewer_only_read_only_tools(client, bob):
    client.force_login(bob)

    names = [t["name"] for t in client.get("/api/tools/?format=mcp").json()["tools"]]

    assert names == ["list_ideas"]
