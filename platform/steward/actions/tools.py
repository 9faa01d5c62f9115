"""Export actions as tools: OpenAI function tools (strict mode) and MCP tool descriptions."""

from __future__ import annotations

import copy
from collections.abc import Iterable
from typing import Any, Literal

from steward.actions.jsonschema import NOT_BLANK
from steward.actions.spec import ActionSpec

# Strict mode accepts a subset of JSON Schema; other constraints are kept, in words, in the
# description so the model still sees them (validation enforces them either way). OpenAI's
# Structured Outputs guide lists no minLength / maxLength among the string keywords strict
# mode supports, and refuses pattern and format too for fine-tuned models (and other
# OpenAI-compatible servers vary), so a schema with them could be refused as a whole.
_STRICT_KEYS = {"type", "properties", "required", "additionalProperties", "enum", "items",
                "description", "anyOf"}  # fmt: skip
_IN_WORDS = {
    "minimum": "at least {}",
    "maximum": "at most {}",
    "minLength": "at least {} characters",
    "maxLength": "at most {} characters",
    "minItems": "at least {} items",
    "maxItems": "at most {} items",
    "format": "format {}",
    "default": "default {}",
}


def strict_schema(schema: dict[str, Any]) -> dict[str, Any]:
    """``schema`` made strict: every property required, optional ones nullable, no extras."""
    return _strict(copy.deepcopy(schema))


def _strict(node: dict[str, Any]) -> dict[str, Any]:
    notes = [_IN_WORDS[k].format(_show(node[k])) for k in _IN_WORDS if k in node]
    if node.get("pattern") == NOT_BLANK:
        notes = [n for n in notes if n != _IN_WORDS["minLength"].format(1)]
        notes.insert(0, "not empty or only spaces")
    if notes:
        described = node.get("description", "").rstrip(".")
        node["description"] = (
            (f"{described}. " if described else "") + "; ".join(notes).capitalize() + "."
        )
    out = {k: v for k, v in node.items() if k in _STRICT_KEYS}
    if "properties" in out:
        required = set(out.get("required", []))
        props: dict[str, Any] = {}
        for name, prop in out["properties"].items():
            prop = _strict(prop)
            if name not in required:
                prop = _nullable(prop)
            props[name] = prop
        out["properties"] = props
        out["required"] = list(props)
        out["additionalProperties"] = False
    if isinstance(out.get("items"), dict):
        out["items"] = _strict(out["items"])
    if isinstance(out.get("anyOf"), list):
        out["anyOf"] = [_strict(v) for v in out["anyOf"]]
    return out


def _nullable(prop: dict[str, Any]) -> dict[str, Any]:
    kind = prop.get("type")
    if isinstance(kind, str):
        prop["type"] = [kind, "null"]
    elif isinstance(kind, list) and "null" not in kind:
        prop["type"] = [*kind, "null"]
    if "enum" in prop and None not in prop["enum"]:
        prop["enum"] = [*prop["enum"], None]
    if "type" not in prop and "enum" not in prop:
        prop = {"anyOf": [prop, {"type": "null"}]}
    return prop


def _show(value: Any) -> str:
    if value is None:
        return "null"
    if isinstance(value, bool):
        return "true" if value else "false"
    return repr(value) if isinstance(value, str) else str(value)


def openai_tools(
    specs: Iterable[ActionSpec], *, api: Literal["chat", "responses"] = "chat"
) -> list[dict[str, Any]]:
    """Function tools in strict mode, for chat.completions (default) or the Responses API."""
    tools = []
    for spec in specs:
        function = {
            "name": spec.name,
            "description": spec.description,
            "parameters": strict_schema(spec.schema),
            "strict": True,
        }
        tools.append(
            {"type": "function", **function}
            if api == "responses"
            else {"type": "function", "function": function}
        )
    return tools


def mcp_tools(specs: Iterable[ActionSpec]) -> list[dict[str, Any]]:
    """MCP tool descriptions with behaviour annotations."""
    return [
        {
            "name": spec.name,
            "title": title(spec),
            "description": spec.description,
            "inputSchema": spec.input_schema(),
            "annotations": {
                "title": title(spec),
                "readOnlyHint": spec.read_only,
                "destructiveHint": spec.destructive,
                "idempotentHint": spec.idempotent,
                "openWorldHint": False,
            },
        }
        for spec in specs
    ]


def title(spec: ActionSpec) -> str:
    return spec.name.replace("_", " ").capitalize()
