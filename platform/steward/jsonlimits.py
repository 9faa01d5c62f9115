"""JSON from clients, parsed with a nesting limit: one helper for every edge.

The standard library's decoder recurses once per level, so a body of a few thousand ``[``
raises RecursionError (a 500, or a crashed WebSocket consumer); and a value that parses
but is nested hundreds of levels deep breaks later, when the audit log, the event log or
a serializer walks it. Every edge that reads client JSON (the REST API through
``JSONParser``, the stream POST and WebSocket frames through ``loads``) therefore refuses
anything deeper than ``MAX_DEPTH`` up front, with an error that says so. ``NaN`` and
``Infinity`` are refused too: they are not JSON (RFC 8259) and PostgreSQL will not store them.
"""

from __future__ import annotations

from typing import IO, Any

from rest_framework import parsers
from rest_framework.exceptions import ParseError
from rest_framework.utils import json

MAX_DEPTH = 64


class TooDeep(ValueError):
    """The JSON is nested more than MAX_DEPTH levels (a ValueError, like any bad JSON)."""

    def __init__(self, limit: int) -> None:
        super().__init__(
            f"The JSON is nested more than {limit} levels deep; flatten it (objects and "
            f"arrays may nest at most {limit} levels)."
        )


def loads(text: str | bytes, *, max_depth: int = MAX_DEPTH) -> Any:
    """``text`` parsed as strict JSON; raises ValueError (TooDeep when nested too deeply)."""
    try:
        # DRF's strict loads: NaN and Infinity are refused. JSON is UTF-8 (RFC 8259).
        value = json.loads(text.decode() if isinstance(text, bytes) else text)
    except RecursionError:
        raise TooDeep(max_depth) from None
    if too_deep(value, max_depth):
        raise TooDeep(max_depth)
    return value


def too_deep(value: Any, limit: int = MAX_DEPTH) -> bool:
    """Whether objects and arrays nest more than ``limit`` levels in ``value`` (no recursion)."""
    stack: list[tuple[Any, int]] = [(value, 1)] if isinstance(value, dict | list) else []
    while stack:
        item, depth = stack.pop()
        if depth > limit:
            return True
        children = item.values() if isinstance(item, dict) else item
        stack.extend((child, depth + 1) for child in children if isinstance(child, dict | list))
    return False


class JSONParser(parsers.JSONParser):
    """DRF's JSONParser with the nesting limit: a too-deep body is a 400 parse error."""

    def parse(
        self, stream: IO[Any], media_type: str | None = None, parser_context: Any = None
    ) -> Any:
        try:
            data = super().parse(stream, media_type, parser_context)
        except RecursionError:
            raise ParseError(f"JSON parse error - {TooDeep(MAX_DEPTH)}") from None
        if too_deep(data):
            raise ParseError(f"JSON parse error - {TooDeep(MAX_DEPTH)}")
        return data
