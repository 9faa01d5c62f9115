"""The stand-in's ``POST /v1/responses`` stream: the Responses API's named SSE events."""

from __future__ import annotations

import json
import time
import uuid
from collections.abc import Iterator
from typing import Any

from tests.support.openai_standin import Reply, usage_of


def response_events(model: str, reply: Reply) -> Iterator[str]:
    """``POST /v1/responses`` with ``stream: true``: named SSE events, no [DONE]."""
    rid = f"resp_{uuid.uuid4().hex[:12]}"
    seq = iter(range(1_000_000))

    def event(kind: str, **data: Any) -> str:
        payload = {"type": kind, "sequence_number": next(seq), **data}
        return f"event: {kind}\ndata: {json.dumps(payload)}\n\n"

    def response(status: str, output: list[Any], usage: Any = None) -> dict[str, Any]:
        return {
            "id": rid,
            "object": "response",
            "created_at": int(time.time()),
            "model": model,
            "status": status,
            "output": output,
            "usage": usage,
        }

    yield event("response.created", response=response("in_progress", []))
    if reply.malformed:
        yield 'event: response.output_text.delta\ndata: {"type": "response.output_t\n\n'
        return
    output: list[dict[str, Any]] = []
    index = 0
    if reply.text:
        item = {"type": "message", "id": f"msg_{rid}", "role": "assistant", "status": "in_progress"}
        yield event("response.output_item.added", output_index=index, item={**item, "content": []})
        for piece in reply.text_pieces():
            yield event(
                "response.output_text.delta",
                item_id=item["id"],
                output_index=index,
                content_index=0,
                delta=piece,
                logprobs=[],
            )
        content = [{"type": "output_text", "text": reply.text, "annotations": []}]
        done = {**item, "status": "completed", "content": content}
        yield event("response.output_item.done", output_index=index, item=done)
        output.append(done)
        index += 1
    for call in reply.tool_calls:
        item = {
            "type": "function_call",
            "id": f"fc_{call.id}",
            "call_id": call.id,
            "name": call.name,
            "arguments": "",
            "status": "in_progress",
        }
        yield event("response.output_item.added", output_index=index, item=item)
        step = max(1, len(call.arguments) // 3)
        for i in range(0, len(call.arguments), step):
            frag = call.arguments[i : i + step]
            yield event(
                "response.function_call_arguments.delta",
                item_id=item["id"],
                output_index=index,
                delta=frag,
            )
        done = {**item, "arguments": call.arguments, "status": "completed"}
        yield event("response.output_item.done", output_index=index, item=done)
        output.append(done)
        index += 1
    usage = usage_of(reply)
    totals = {
        "input_tokens": usage["prompt_tokens"],
        "output_tokens": usage["completion_tokens"],
        "total_tokens": usage["total_tokens"],
        "input_tokens_details": {"cached_tokens": 0},
        "output_tokens_details": {"reasoning_tokens": 0},
    }
    yield event("response.completed", response=response("completed", output, totals))
