"""HTTP edge: the Durable Streams Protocol 1.0, JSON mode, over sessions and app feeds.

``/streams/sessions/<id>`` and ``/streams/apps/<app>``: GET (catch-up, ``live=long-poll``,
``live=sse``), HEAD, and POST (sessions only) with idempotent producers. Every message is
an event envelope (DESIGN.md); offsets are described in offsets.py. People authenticate
with their session cookie (POSTs then need the CSRF token), agents with
``Authorization: Bearer <token>``. Writers get seq, time and attribution from the server,
and may not append the platform's own event types (``run.*``, ``session.*`` …; see
event_types.py): those answer 403 ``reserved_type``.
"""

from __future__ import annotations

from typing import Any

from asgiref.sync import sync_to_async
from django.http import HttpRequest, HttpResponse, HttpResponseBase, StreamingHttpResponse
from django.views.decorators.csrf import csrf_exempt

from steward import jsonlimits
from steward.access.authorization import may
from steward.live import offsets
from steward.live.db import live_db
from steward.live.event_types import check_client_type
from steward.live.exceptions import InvalidEvent, ReservedType, StaleProducer, UnknownStream
from steward.live.producers import (
    SequenceGap,
    WriterSeqRegression,
    append_as_producer,
    parse_claim,
)
from steward.live.services import NewEvent
from steward.live.streams_read import (
    JSON,
    Target,
    error,
    long_poll,
    read_page,
    resolve,
    sse_events,
    with_read_headers,
)

MAX_BODY = 1_000_000


@csrf_exempt
async def session_stream_view(request: HttpRequest, session_id: str) -> HttpResponseBase:
    return await _dispatch(request, await resolve(request, session_id=session_id))


@csrf_exempt
async def app_stream_view(request: HttpRequest, app: str) -> HttpResponseBase:
    return await _dispatch(request, await resolve(request, app=app))


async def _dispatch(request: HttpRequest, target: Target | HttpResponse) -> HttpResponseBase:
    if isinstance(target, HttpResponse):
        return target
    if not await live_db(may, target.actor, "watch", target.app):
        return error(403, "forbidden", f"Only members of the {target.app} team may read this.")
    if request.method == "HEAD":
        return await _head(target)
    if request.method == "GET":
        return await _get(request, target)
    if request.method == "POST" and target.writable:
        return await _post(request, target)
    allowed = "GET, HEAD, POST" if target.writable else "GET, HEAD"
    response = error(405, "method_not_allowed", f"Use {allowed} on this stream.")
    response["Allow"] = allowed
    return response


async def _head(target: Target) -> HttpResponse:
    _, tail = await live_db(read_page, target.key, 0, 0)
    response = HttpResponse(status=200, content_type=JSON)
    response["Stream-Next-Offset"] = offsets.encode(tail)
    response["Cache-Control"] = "no-store"
    return response


async def _get(request: HttpRequest, target: Target) -> HttpResponseBase:
    raw_offset = request.GET.get("offset")
    live = request.GET.get("live", "")
    if live not in ("", "long-poll", "sse"):
        return error(400, "invalid", "live must be long-poll or sse (or absent for catch-up).")
    if live and raw_offset is None:
        return error(400, "invalid", "Live reads need an offset: use -1, now, or a saved offset.")
    _, tail = await live_db(read_page, target.key, 0, 0)
    try:
        after = offsets.decode(raw_offset, tail)
    except offsets.BadOffset as exc:
        return error(400, "invalid_offset", str(exc))
    if live == "sse":
        stream = StreamingHttpResponse(
            sse_events(
                target.key,
                after,
                raw_offset == offsets.NOW,
                request.GET.get("cursor"),
                actor=target.actor,
                app=target.app,
            ),
            content_type="text/event-stream",
        )
        stream["Cache-Control"] = "no-store"
        stream["X-Accel-Buffering"] = "no"
        return stream
    if live == "long-poll":
        return await long_poll(request, target.key, after, actor=target.actor, app=target.app)
    if raw_offset == offsets.NOW:
        response = HttpResponse("[]", content_type=JSON)
        response["Stream-Next-Offset"] = offsets.encode(tail)
        response["Stream-Up-To-Date"] = "true"
        response["Cache-Control"] = "no-store"
        return response
    events, tail = await live_db(read_page, target.key, after)
    return with_read_headers(request, target.key, after, events, tail)


async def _post(request: HttpRequest, target: Target) -> HttpResponse:
    if target.session_cookie and (reason := _csrf_failure(request)):
        return error(403, "csrf", f"CSRF check failed ({reason}); send X-CSRFToken.")
    if not await live_db(may, target.actor, "control", target.app):
        return error(403, "forbidden", "Writing needs the operator role or a writable app token.")
    content_type = request.content_type or ""
    if not content_type:
        return error(400, "invalid", "Send Content-Type: application/json.")
    if content_type != JSON:
        return error(409, "content_type", f"This stream is {JSON}, not {content_type}.")
    if not request.body:
        return error(400, "invalid", "The body is empty: send an event or an array of events.")
    if len(request.body) > MAX_BODY:
        return error(413, "too_large", f"Bodies are limited to {MAX_BODY} bytes.")
    try:
        events = _parse_events(request.body, target.actor.label)
        claim = parse_claim(
            request.headers.get("Producer-Id"),
            request.headers.get("Producer-Epoch"),
            request.headers.get("Producer-Seq"),
        )
    except InvalidEvent as exc:
        return error(400, "invalid", str(exc))
    except ReservedType as exc:
        return error(403, exc.code, str(exc))
    try:
        result = await sync_to_async(append_as_producer)(
            target.key, events, claim, request.headers.get("Stream-Seq")
        )
    except StaleProducer as exc:
        response = error(403, "stale_epoch", str(exc))
        response["Producer-Epoch"] = str(exc.current)
        return response
    except SequenceGap as exc:
        response = error(409, "sequence_gap", str(exc))
        response["Producer-Expected-Seq"] = str(exc.expected)
        response["Producer-Received-Seq"] = str(exc.received)
        return response
    except WriterSeqRegression as exc:
        return error(409, "stream_seq", str(exc))
    except InvalidEvent as exc:
        return error(400, "invalid", str(exc))
    except UnknownStream as exc:
        return error(404, "not_found", str(exc))
    response = HttpResponse(status=result.status)
    response["Stream-Next-Offset"] = offsets.encode(result.next_seq)
    if result.epoch is not None:
        response["Producer-Epoch"] = str(result.epoch)
        response["Producer-Seq"] = str(result.producer_seq)
    return response


def _parse_events(body: bytes, by: str) -> list[NewEvent]:
    """The body's events, attributed to ``by``; raises InvalidEvent or ReservedType."""
    try:
        payload: Any = jsonlimits.loads(body)
    except ValueError as exc:
        raise InvalidEvent(f"The body is not valid JSON: {exc}.") from None
    items = payload if isinstance(payload, list) else [payload]
    if not items:
        raise InvalidEvent("An empty array appends nothing; send at least one event.")
    events = []
    for item in items:
        if not isinstance(item, dict) or not isinstance(item.get("type"), str):
            raise InvalidEvent('Each message must be an event object: {"type": …, "data": …}.')
        extra = set(item) - {"type", "data", "run", "agent"}
        if extra:
            raise InvalidEvent(
                f"Unexpected fields {sorted(extra)}: the server assigns seq, ts and by."
            )
        if "data" in item and item["data"] is None:
            raise InvalidEvent('"data" must not be null: omit it, or send {} or any JSON value.')
        for name in ("run", "agent"):
            if not isinstance(item.get(name) or "", str):
                raise InvalidEvent(f'"{name}" must be a string (an id or a name).')
        for name in ("type", "run", "agent", "data"):
            if name in item and not _storable(item[name]):
                raise InvalidEvent(
                    f'"{name}" holds text the database cannot store (a NUL character or an '
                    "unpaired surrogate such as \\ud800): remove it, or encode it as text."
                )
        event = NewEvent(
            type=item["type"],
            data=item.get("data", {}),
            by=by,
            run=(item.get("run") or "")[:40],
            agent=(item.get("agent") or "")[:64],
        )
        check_client_type(event.type)
        events.append(event)
    return events


def _storable(value: Any) -> bool:
    """Whether every string in ``value`` (keys too) can be stored: PostgreSQL's text and
    jsonb refuse NUL and unpaired surrogates (a 500 there, which clients would retry)."""
    stack = [value]
    while stack:
        item = stack.pop()
        if isinstance(item, dict):
            stack.extend(item)
            stack.extend(item.values())
        elif isinstance(item, list):
            stack.extend(item)
        elif isinstance(item, str):
            if "\x00" in item:
                return False
            try:
                item.encode()
            except UnicodeEncodeError:
                return False
    return True


def _csrf_failure(request: HttpRequest) -> str | None:
    from django.middleware.csrf import CsrfViewMiddleware

    check = CsrfViewMiddleware(lambda r: HttpResponse())
    rejected = check.process_view(request, lambda r: HttpResponse(), (), {})
    return None if rejected is None else "missing or wrong token"
