"""The Responses API path (``STEWARD_MODEL_API=responses``): same stream items as Chat.

The run keeps its conversation in Chat Completions shape; this module translates it to
Responses input items (messages, ``function_call``, ``function_call_output``) and reads
the streamed events back (``response.output_text.delta``, function-call items and their
argument deltas, ``response.completed`` with usage). Requests are stateless
(``store=False``), so any Responses-compatible server works the same.
"""

from __future__ import annotations

from collections.abc import Iterator
from typing import Any

import openai

from steward.agents.exceptions import ModelError
from steward.agents.model_client import (
    ClosableStream,
    StreamItem,
    TextDelta,
    ToolCallRequest,
    ToolCalls,
    Usage,
    translate_errors,
)


def to_input(messages: list[dict[str, Any]]) -> tuple[str, list[dict[str, Any]]]:
    """(instructions, input items) from Chat Completions messages."""
    instructions: list[str] = []
    items: list[dict[str, Any]] = []
    for m in messages:
        role = m.get("role")
        if role == "system":
            instructions.append(str(m.get("content") or ""))
        elif role == "tool":
            items.append(
                {
                    "type": "function_call_output",
                    "call_id": m["tool_call_id"],
                    "output": str(m.get("content") or ""),
                }
            )
        else:
            if m.get("content"):
                items.append({"role": role, "content": str(m["content"])})
            for call in m.get("tool_calls") or []:
                items.append(
                    {
                        "type": "function_call",
                        "call_id": call["id"],
                        "name": call["function"]["name"],
                        "arguments": call["function"]["arguments"],
                    }
                )
    return "\n\n".join(instructions), items


def to_tools(tools: list[dict[str, Any]]) -> list[dict[str, Any]]:
    return [{"type": "function", **t["function"]} for t in tools if "function" in t]


class ResponsesStream(ClosableStream):
    def __init__(
        self,
        api: openai.OpenAI,
        model: str,
        messages: list[dict[str, Any]],
        tools: list[dict[str, Any]],
    ) -> None:
        instructions, items = to_input(messages)
        self._kwargs: dict[str, Any] = {
            "model": model,
            "input": items,
            "instructions": instructions or None,
            "stream": True,
            "store": False,
        }
        if tools:
            self._kwargs["tools"] = to_tools(tools)
            self._kwargs["parallel_tool_calls"] = True
        self._api = api

    def __iter__(self) -> Iterator[StreamItem]:
        calls: dict[str, dict[str, str]] = {}  # item id -> call
        with translate_errors():
            self._stream = self._api.responses.create(**self._kwargs)
            if self._closed:
                self.close()
                return
            for event in self._stream:
                kind = getattr(event, "type", "")
                if kind == "response.output_text.delta" and event.delta:
                    yield TextDelta(event.delta)
                elif kind in ("response.output_item.added", "response.output_item.done"):
                    item = event.item
                    if getattr(item, "type", "") == "function_call":
                        entry = calls.setdefault(
                            item.id or item.call_id, {"id": "", "name": "", "args": ""}
                        )
                        entry["id"], entry["name"] = item.call_id, item.name
                        if kind.endswith("done") and item.arguments:
                            entry["args"] = item.arguments
                elif kind == "response.function_call_arguments.delta":
                    entry = calls.setdefault(event.item_id, {"id": "", "name": "", "args": ""})
                    entry["args"] += event.delta
                elif kind == "response.completed":
                    usage = getattr(event.response, "usage", None)
                    if usage is not None:
                        yield Usage(usage.input_tokens, usage.output_tokens)
                elif kind in ("response.failed", "error"):
                    raise ModelError(f"The model server reported a failed response: {event}")
        if calls:
            yield ToolCalls(
                [ToolCallRequest(c["id"], c["name"], c["args"]) for c in calls.values()]
            )
