"""Content types: what an append stores and what a read returns, per stream content type.

JSON streams (``application/json``) keep message boundaries: an append's body is
validated, one level of array is flattened, and each message is stored as its own JSON
text, exactly as sent, followed by a comma. A read wraps what it returns in ``[…]``.
Every other content type is bytes, stored and returned unchanged.
"""

from __future__ import annotations

import json
import re

from steward.ds.exceptions import BadRequest

OCTET_STREAM = "application/octet-stream"
JSON = "application/json"
_MEDIA_TYPE = re.compile(r"^[\w.+-]+/[\w.+-]+$")


def media_type(content_type: str | None) -> str:
    """The lower-cased media type without parameters ("" when absent)."""
    return (content_type or "").split(";")[0].strip().lower()


def is_valid(content_type: str | None) -> bool:
    return bool(_MEDIA_TYPE.match(media_type(content_type)))


def is_json(content_type: str) -> bool:
    return media_type(content_type) == JSON


def sse_as_text(content_type: str) -> bool:
    """SSE carries text and JSON streams as text; anything else goes base64 encoded."""
    kind = media_type(content_type)
    return kind.startswith("text/") or kind == JSON


def stored_bytes(content_type: str, body: bytes, *, initial: bool = False) -> bytes:
    """What an append of ``body`` adds to a stream of ``content_type``."""
    if not is_json(content_type):
        return body
    try:
        text = body.decode("utf-8").strip()
        value = json.loads(text, parse_constant=_reject_constant)
    except (UnicodeDecodeError, ValueError) as exc:
        raise BadRequest(f"The body is not valid JSON ({exc}); JSON streams take JSON.") from None
    if not isinstance(value, list):
        return text.encode() + b","
    if not value:
        if initial:
            return b""  # PUT with [] creates an empty stream
        raise BadRequest("An empty JSON array appends nothing; send at least one message.")
    # Flatten one level, keeping each element's own text: re-serialising would change
    # the numbers and escapes the client sent.
    return b"".join(element.encode() + b"," for element in _elements(text))


def messages(stored: bytes) -> list[bytes]:
    """The messages of stored JSON data (each message's text followed by a comma)."""
    if not stored:
        return []
    return [e.encode() for e in _elements("[" + stored.decode().rstrip(",") + "]")]


def _elements(text: str) -> list[str]:
    """The source texts of the elements of the (valid) JSON array ``text``."""
    decoder, index = json.JSONDecoder(), 1
    elements: list[str] = []
    if text[_skip(text, index)] == "]":
        return elements
    while True:
        index = _skip(text, index)
        _, end = decoder.raw_decode(text, index)
        elements.append(text[index:end])
        index = _skip(text, end)
        if text[index] == "]":
            return elements
        index += 1  # the comma


def _skip(text: str, index: int) -> int:
    while text[index] in " \t\n\r":
        index += 1
    return index


def _reject_constant(name: str) -> None:
    raise ValueError(f"{name} is not JSON")


def response_body(content_type: str, stored: bytes) -> bytes:
    """The body of a read that returns ``stored`` (the concatenated chunks)."""
    if not is_json(content_type):
        return stored
    return b"[" + stored.rstrip(b",") + b"]"
