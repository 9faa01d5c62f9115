"""GET on a generic stream: catch-up, long-poll (PROTOCOL.md 5.5, 5.6) and SSE (5.7).

Live reads wait on the stream's wake-ups (notify.py) and always re-read the database,
which is the only source of data: a wake-up only says "look again".
"""

from __future__ import annotations

import base64
import time

from django.conf import settings
from django.http import HttpRequest, HttpResponse, HttpResponseBase, StreamingHttpResponse

from steward.ds import formats, offsets, reads, sse
from steward.ds.exceptions import BadRequest, NotFound
from steward.ds.notify import watches
from steward.ds.reads import Page, State
from steward.live.db import live_db

# Historical pages never change; a page that reached the tail may be followed by more.
CACHE_HISTORY = "private, max-age=60, stale-while-revalidate=300"


async def get(request: HttpRequest, path: str) -> HttpResponseBase:
    raw = _offset(request)
    live = request.GET.get("live", "")
    if live not in ("", "long-poll", "sse"):
        raise BadRequest(f"live must be long-poll or sse (or absent for catch-up), not {live!r}.")
    if live and raw is None:
        raise BadRequest(f"live={live} needs an offset: -1, now, or a saved Stream-Next-Offset.")
    after = 0 if raw is None or raw == offsets.NOW else offsets.decode(raw)
    state = await live_db(reads.load, path)
    if state is None:
        raise NotFound(f"No stream at {path}.")
    if raw == offsets.NOW:
        after = state.tail
    cursor = request.GET.get("cursor")
    if live == "sse":
        return _sse(state, after, cursor)
    if live == "long-poll":
        return await _long_poll(request, path, after, cursor)
    if raw == offsets.NOW:
        body = b"[]" if formats.is_json(state.content_type) else b""
        response = HttpResponse(body, content_type=state.content_type)
        _position(response, state, state.tail, up_to_date=True)
        response["Cache-Control"] = "no-store"
        return response
    page = await live_db(reads.read_page, path, after)
    if page is None:
        raise NotFound(f"No stream at {path}.")
    return _page_response(request, page, raw or offsets.BEGINNING)


def etag(state: State, start: str, end: int, *, closed: bool) -> str:
    ident = base64.urlsafe_b64encode(f"{state.id}:{state.path}".encode()).decode()
    return f'"{ident}:{start}:{offsets.encode(end)}{":c" if closed else ""}"'


def _offset(request: HttpRequest) -> str | None:
    given = request.GET.getlist("offset")
    if len(given) > 1:
        raise BadRequest("Send one offset parameter.")
    if given and not given[0]:
        raise BadRequest("offset is empty: use -1, now, or a saved Stream-Next-Offset.")
    return given[0] if given else None


def _position(response: HttpResponse, state: State, end: int, *, up_to_date: bool) -> None:
    response["Stream-Next-Offset"] = offsets.encode(end)
    if up_to_date:
        response["Stream-Up-To-Date"] = "true"
        if state.closed:
            response["Stream-Closed"] = "true"


def _page_response(
    request: HttpRequest, page: Page, start: str, *, cursor: str | None = None
) -> HttpResponse:
    state, live = page.state, cursor is not None
    closed = state.closed and page.up_to_date
    tag = etag(state, start, page.end, closed=closed)
    if not live and request.headers.get("If-None-Match") == tag:
        response = HttpResponse(status=304)
        response["ETag"] = tag
        return response
    body = formats.response_body(state.content_type, page.data)
    response = HttpResponse(body, content_type=state.content_type)
    _position(response, state, page.end, up_to_date=page.up_to_date)
    response["ETag"] = tag
    response["Cache-Control"] = "no-store" if page.up_to_date else CACHE_HISTORY
    if live:
        response["Stream-Cursor"] = offsets.cursor(cursor)
    if formats.media_type(state.content_type) == formats.OCTET_STREAM:
        response["Content-Disposition"] = "attachment"
    return response


async def _long_poll(
    request: HttpRequest, path: str, after: int, cursor: str | None
) -> HttpResponse:
    deadline = time.monotonic() + settings.STEWARD_DS_LONG_POLL_SECONDS
    async with watches.watch(path) as watch:
        while True:
            page = await live_db(reads.read_page, path, after)
            if page is None:
                raise NotFound(f"The stream at {path} was deleted.")
            if page.data:
                return _page_response(request, page, offsets.encode(after), cursor=cursor or "")
            remaining = deadline - time.monotonic()
            if page.state.closed or remaining <= 0:
                response = HttpResponse(status=204)
                _position(response, page.state, max(after, page.state.tail), up_to_date=True)
                response["Stream-Cursor"] = offsets.cursor(cursor)
                response["Cache-Control"] = "no-store"
                return response
            await watch.wait(remaining)


def _sse(state: State, after: int, cursor: str | None) -> StreamingHttpResponse:
    response = StreamingHttpResponse(
        sse.events(state, after, cursor), content_type="text/event-stream"
    )
    response["Cache-Control"] = "no-cache, no-store"
    response["X-Accel-Buffering"] = "no"
    if not formats.sse_as_text(state.content_type):
        response["Stream-SSE-Data-Encoding"] = "base64"
    return response
