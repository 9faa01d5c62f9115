"""The SSE body of a generic stream (PROTOCOL.md 5.7).

Each page of data is one ``data`` event followed by one ``control`` event with the next
offset and a cursor (``upToDate`` at the tail, ``streamClosed`` once a closed stream is
fully read, which ends the response). Text and JSON streams are sent as text, one
``data:`` line per line (CR, LF and CRLF all split, so a payload cannot forge events);
other content types are sent base64 encoded (``Stream-SSE-Data-Encoding: base64``).
"""

from __future__ import annotations

import base64
import json
import re
import time
from collections.abc import AsyncIterator
from typing import Any

from django.conf import settings

from steward.ds import formats, offsets, reads
from steward.ds.notify import watches
from steward.ds.reads import State
from steward.live.db import live_db

_LINES = re.compile(r"\r\n|\r|\n")


async def events(state: State, after: int, cursor: str | None) -> AsyncIterator[str]:
    deadline = time.monotonic() + settings.STEWARD_DS_SSE_SECONDS
    as_text = formats.sse_as_text(state.content_type)
    quiet = settings.STEWARD_DS_LONG_POLL_SECONDS
    async with watches.watch(state.path) as watch:
        announced = False
        while time.monotonic() < deadline:
            page = await live_db(reads.read_page, state.path, after)
            if page is None:
                return  # deleted: the client's reconnect gets the 404
            if page.data:
                body = formats.response_body(state.content_type, page.data)
                payload = body.decode("utf-8", "replace") if as_text else _b64(body)
                yield "event: data\n" + _data(payload)
                after = page.end
            at_tail = after >= page.state.tail
            if page.state.closed and at_tail:
                yield _control({"streamNextOffset": offsets.encode(after), "streamClosed": True})
                return
            if page.data or not announced:
                yield _control(_position(after, at_tail, cursor))
                announced = True
            if not at_tail:
                continue
            waited_until = time.monotonic() + quiet
            while time.monotonic() < min(waited_until, deadline):
                await watch.wait(min(waited_until, deadline) - time.monotonic())
                tail = await live_db(_tail, state.path)
                if tail is None or tail != (after, False):
                    break
            else:
                yield _control(_position(after, True, cursor))  # keep-alive


def _tail(path: str) -> tuple[int, bool] | None:
    found = reads.load(path, touch=False)
    return None if found is None else (found.tail, found.closed)


def _position(after: int, at_tail: bool, cursor: str | None) -> dict[str, Any]:
    control: dict[str, Any] = {
        "streamNextOffset": offsets.encode(after),
        "streamCursor": offsets.cursor(cursor),
    }
    if at_tail:
        control["upToDate"] = True
    return control


def _control(control: dict[str, Any]) -> str:
    return "event: control\n" + _data(json.dumps(control, separators=(",", ":")))


def _data(payload: str) -> str:
    # No space after "data:": clients strip exactly one, which would eat a leading space.
    return "".join(f"data:{line}\n" for line in _LINES.split(payload)) + "\n"


def _b64(data: bytes) -> str:
    return base64.b64encode(data).decode()
