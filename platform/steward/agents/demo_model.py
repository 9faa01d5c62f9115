"""The offline demo model: no key, no network, yet the whole loop with real tool calls.

Used when no model server is configured (neither OPENAI_BASE_URL nor OPENAI_API_KEY).
It understands a few plain commands and turns them into calls of the tools it is offered:

* "add an idea called Tea tasting" (any app: "add a company called Acme", "add a piece
  called Launch post" — the ``add_<thing>`` tool, first text field gets the name)
* "move Tea tasting to building", "score Tea tasting 8", "archive Tea tasting"
  (looks the idea up with ``list_ideas`` first, then calls ``move_card`` …)
* "list ideas", "show the pipeline" / "list deals" (crm), "list pieces" (editorial)
* crm: "add a company called Acme"; editorial: "plan a piece called Launch post"

Every reply starts with "Demo model:" and the run says model "steward-demo (offline)",
so nobody mistakes it for a real model. It streams word by word like a real one.
"""

from __future__ import annotations

import json
import re
import threading
import uuid
from collections.abc import Iterable, Iterator
from typing import Any

from steward.agents.model_client import StreamItem, TextDelta, ToolCallRequest, ToolCalls, Usage

WORD_DELAY = 0.02
PREFIX = "Demo model:"
HELP = (
    "I am the offline demo model (no model server is configured). Try: "
    '"add an idea called Tea tasting", "move Tea tasting to building", '
    '"score Tea tasting 8", "list ideas"; in the CRM "add a company called Acme", '
    '"list deals"; in the editorial calendar "plan a piece called Launch post". '
    "For a real model, ask your administrator to connect one."
)
# The commands the panel offers as examples, each with the action it needs: an app's panel
# offers only those its own actions can carry out (no "add an idea" in the CRM).
EXAMPLES = (
    ("add an idea called Tea tasting", "add_idea"),
    ("move Tea tasting to building", "move_card"),
    ("score Tea tasting 8", "score_idea"),
    ("list ideas", "list_ideas"),
    ("add a company called Acme", "add_company"),
    ("list deals", "list_pipeline"),
    ("plan a piece called Launch post", "plan_piece"),
    ("list pieces", "list_calendar"),
)
LOOKUP = {"move": "move_card", "score": "score_idea", "archive": "archive_idea"}
SYNONYMS = {"deal": "pipeline", "piece": "calendar", "post": "calendar"}


def example_commands(action_names: Iterable[str]) -> list[str]:
    """The example commands an app with these actions can carry out, in a sensible order."""
    names = set(action_names)
    return [command for command, needs in EXAMPLES if needs in names]


class DemoStream:
    def __init__(self, messages: list[dict[str, Any]], tools: list[dict[str, Any]]) -> None:
        self.messages = messages
        self.tools = {t["function"]["name"]: t["function"] for t in tools if "function" in t}
        self._closed = threading.Event()

    def close(self) -> None:
        self._closed.set()

    def __iter__(self) -> Iterator[StreamItem]:
        text, calls = self.decide()
        words = text.split(" ") if text else []
        for i, word in enumerate(words):
            if self._closed.wait(WORD_DELAY if i else 0):
                return
            yield TextDelta(word if i == 0 else " " + word)
        if calls:
            yield ToolCalls(
                [
                    ToolCallRequest(f"call_{uuid.uuid4().hex[:12]}", n, json.dumps(a))
                    for n, a in calls
                ]
            )
        yield Usage(
            prompt_tokens=sum(len(str(m.get("content") or "")) // 4 for m in self.messages),
            completion_tokens=len(words),
        )

    # --- the "model" ----------------------------------------------------------------------

    def decide(self) -> tuple[str, list[tuple[str, dict[str, Any]]]]:
        turn = self._current_turn()
        command = _last_user_text(self.messages)
        results = [m for m in turn if m.get("role") == "tool"]
        called = [c["function"]["name"] for m in turn for c in m.get("tool_calls") or []]
        if m := re.match(
            r"(?:add|plan|create) an? (\w+) (?:called|named|titled) (.+)", command, re.I
        ):
            return self._add(m.group(1).lower(), _clean(m.group(2)), results)
        if m := re.match(
            r"(move|score|archive) (.+?)(?: (?:to|into) (\w+)| (\d+))?$", command, re.I
        ):
            verb, title = m.group(1).lower(), _clean(m.group(2))
            value = m.group(3) or m.group(4)
            return self._on_idea(verb, title, value, results, called)
        if m := re.match(r"(?:list|show)(?: (?:the|all|my))? (\w+)", command, re.I):
            return self._list(m.group(1).lower(), results)
        return f"{PREFIX} {HELP}", []

    def _current_turn(self) -> list[dict[str, Any]]:
        for i in range(len(self.messages) - 1, -1, -1):
            if self.messages[i].get("role") == "user":
                return self.messages[i + 1 :]
        return []

    def _add(self, thing: str, name: str, results: list[dict[str, Any]]) -> Any:
        tool = self._tool_for(("add_", "create_", "new_", "plan_"), thing)
        if tool is None:
            return f"{PREFIX} I have no tool to add a {thing} here. {HELP}", []
        if not results:
            field = _first_text_field(self.tools[tool])
            return f"{PREFIX} Adding the {thing} “{name}”.", [(tool, {field: name})]
        return _summary(results[-1], f"Added the {thing} “{name}”.")

    def _list(self, things: str, results: list[dict[str, Any]]) -> Any:
        thing = things.rstrip("s")
        tool = self._tool_for(("list_",), SYNONYMS.get(thing, thing))
        if tool is None:
            return f"{PREFIX} I have no tool to list {things} here. {HELP}", []
        if not results:
            return f"{PREFIX} Looking at the {things}.", [(tool, {})]
        body = _body(results[-1])
        lists = [v for v in body.values() if isinstance(v, list)]
        named = [v for v in lists if v and isinstance(v[0], dict) and _label(v[0])]
        rows = max(named or lists or [[]], key=len)
        names = [_label(r) or "?" for r in rows[:20]]
        listing = "; ".join(names) if names else f"no {things} yet"
        return f"{PREFIX} {len(rows)} {things}: {listing}.", []

    def _on_idea(self, verb: str, title: str, value: str | None, results: Any, called: Any) -> Any:
        action = LOOKUP[verb]
        if action not in self.tools or "list_ideas" not in self.tools:
            return f"{PREFIX} I cannot {verb} ideas with the tools I have. {HELP}", []
        if action in called:
            return _summary(results[-1], f"Done: {verb} “{title}”.")
        if "list_ideas" not in called:
            return f"{PREFIX} Looking up “{title}”.", [("list_ideas", {})]
        ideas = _body(results[-1]).get("ideas") or []
        idea = next((i for i in ideas if str(i.get("title", "")).lower() == title.lower()), None)
        idea = idea or next(
            (i for i in ideas if title.lower() in str(i.get("title", "")).lower()), None
        )
        if idea is None:
            return f"{PREFIX} I found no idea called “{title}”.", []
        args: dict[str, Any] = {"idea_id": idea["id"]}
        if verb == "move":
            args["column"] = (value or "").lower()
        elif verb == "score":
            args["score"] = int(value) if value and value.isdigit() else value
        return f"{PREFIX} Found #{idea['id']}.", [(action, args)]

    def _tool_for(self, prefixes: tuple[str, ...], thing: str) -> str | None:
        for name in self.tools:
            if name.startswith(prefixes) and thing in name:
                return name
        return None


def _last_user_text(messages: list[dict[str, Any]]) -> str:
    for m in reversed(messages):
        if m.get("role") == "user":
            text = str(m.get("content") or "")
            return re.sub(r"^\[[^\]]*steers you\] ", "", text).strip().rstrip(".!")
    return ""


def _label(row: Any) -> str:
    if not isinstance(row, dict):
        return ""
    return str(row.get("title") or row.get("name") or "")


def _clean(name: str) -> str:
    return name.strip().strip("\"'“”").strip()


def _first_text_field(tool: dict[str, Any]) -> str:
    props = (tool.get("parameters") or {}).get("properties") or {}
    for key in ("title", "name"):
        if key in props:
            return key
    return next(iter(props), "title")


def _body(message: dict[str, Any]) -> dict[str, Any]:
    try:
        body = json.loads(message.get("content") or "{}")
    except json.JSONDecodeError:
        return {}
    if isinstance(body, dict) and isinstance(body.get("result"), dict):
        return body["result"]  # an action's outcome: {"status", "result", "audit_id"}
    return body if isinstance(body, dict) else {}


def _summary(result: dict[str, Any], done: str) -> tuple[str, list[Any]]:
    body = _body(result)
    if "error" in body:
        error = body["error"] if isinstance(body["error"], dict) else {"message": body["error"]}
        fields = error.get("fields")
        fields = fields if isinstance(fields, dict) else {}
        # The field errors say what to change; the bare message only says "see fields".
        problems = [
            " ".join(map(str, v)) if isinstance(v, list) else str(v) for v in fields.values()
        ]
        why = " ".join(problems) or str(error.get("message", error))
        return f"{PREFIX} That did not work: {why}", []
    return f"{PREFIX} {done}", []
