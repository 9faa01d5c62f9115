"""The read side of the Durable Streams edge: resolution, catch-up pages, long-poll, SSE."""

from __future__ import annotations

import json
import logging
import math
import time
from collections.abc import AsyncIterator
from dataclasses import dataclass
from typing import Any

from django.db import DatabaseError
from django.http import HttpRequest, HttpResponse, JsonResponse

from steward.access.actors import Actor
from steward.access.authentication import token_for_header
from steward.access.exceptions import UNAVAILABLE, InvalidToken
from steward.hosting.registry import hosted_apps
from steward.live import offsets, services
from steward.live.access_watch import Handle, watch
from steward.live.db import live_db
from steward.live.hub import Subscriber, hubs
from steward.live.models import Session, app_stream, session_stream
from steward.metrics.definitions import live_subscribers

log = logging.getLogger(__name__)

JSON = "application/json"
PAGE = 1000
LONG_POLL_SECONDS = 20.0
MAX_LONG_POLL_SECONDS = 60.0
SSE_SECONDS = 55.0  # the protocol asks servers to close SSE roughly every minute


@dataclass(frozen=True)
class Target:
    key: str
    app: str
    actor: Actor
    writable: bool
    session_cookie: bool


def error(status: int, code: str, message: str) -> HttpResponse:
    return JsonResponse({"error": {"code": code, "message": message}}, status=status)


async def resolve(
    request: HttpRequest, *, session_id: str | None = None, app: str | None = None
) -> Target | HttpResponse:
    """The stream a request names and who asks: a bearer token, else the session's person."""
    header = request.headers.get("Authorization")
    try:
        token = await live_db(token_for_header, header) if header else None
    except InvalidToken as exc:
        return error(401, "unauthenticated", exc.reason)
    except DatabaseError:
        log.warning("Stream authentication: the database does not answer")
        response = error(503, "unavailable", UNAVAILABLE)
        response["Retry-After"] = "2"
        return response
    actor = Actor.of(None if token else await request.auser(), token)
    if actor is None:
        return error(401, "unauthenticated", "Log in, or send Authorization: Bearer <token>.")
    cookie = token is None
    if session_id is not None:
        found = await live_db(
            lambda: Session.objects.filter(pk=session_id).values_list("app", flat=True).first()
        )
        if found is None:
            return error(404, "not_found", f"No session {session_id!r}.")
        return Target(session_stream(session_id), found, actor, True, cookie)
    assert app is not None
    if app not in hosted_apps:
        return error(404, "not_found", f"No hosted app {app!r}.")
    return Target(app_stream(app), app, actor, False, cookie)


def read_page(key: str, after: int, limit: int = PAGE) -> tuple[list[dict[str, Any]], int]:
    """(events after ``after``, the tail at read time)."""
    tail = services.tail(key)
    if limit <= 0:
        return [], tail
    return services.read_dicts(key, after, limit), tail


def with_read_headers(
    request: HttpRequest,
    key: str,
    after: int,
    events: list[dict[str, Any]],
    tail: int,
    *,
    live: bool = False,
) -> HttpResponse:
    end = events[-1]["seq"] if events else after
    etag = f'"{key}:{offsets.encode(after)}:{offsets.encode(end)}"'
    if request.headers.get("If-None-Match") == etag and not live:
        response = HttpResponse(status=304)
    else:
        body = "[" + ",".join(json.dumps(e, separators=(",", ":")) for e in events) + "]"
        response = HttpResponse(body, content_type=JSON)
    response["ETag"] = etag
    response["Stream-Next-Offset"] = offsets.encode(end)
    response["Stream-Cursor"] = offsets.cursor(request.GET.get("cursor"))
    if end >= tail:
        response["Stream-Up-To-Date"] = "true"
    response["Cache-Control"] = "private, no-store"
    response["Cross-Origin-Resource-Policy"] = "same-origin"
    return response


def long_poll_timeout(raw: str | None) -> float:
    """The ``timeout`` query value in seconds (absent: the default), capped; raises ValueError
    for anything that is not a finite number >= 0 (``nan`` would never time out)."""
    if raw is None:
        return LONG_POLL_SECONDS
    try:
        seconds = float(raw)
    except ValueError:
        seconds = math.nan
    if not math.isfinite(seconds) or seconds < 0:
        raise ValueError(
            f"timeout {raw!r} is not valid: give the seconds to wait as a number from 0 to "
            f"{MAX_LONG_POLL_SECONDS:.0f} (or leave it out for {LONG_POLL_SECONDS:.0f})."
        )
    return min(seconds, MAX_LONG_POLL_SECONDS)


def _watch(actor: Actor, app: str, sub: Subscriber) -> Handle:
    """Wake ``sub`` when ``actor`` may no longer watch ``app`` (its loop then ends)."""
    return watch(actor, "watch", app, lambda _: sub.ready.set())


async def long_poll(
    request: HttpRequest, key: str, after: int, *, actor: Actor, app: str
) -> HttpResponse:
    try:
        timeout = long_poll_timeout(request.GET.get("timeout"))
    except ValueError as exc:
        return error(400, "invalid", str(exc))
    hub, sub = await hubs.subscribe(key)
    access = _watch(actor, app, sub)
    live_subscribers.labels("long-poll").inc()
    try:
        deadline = time.monotonic() + timeout
        while True:
            if (refused := access.refused) is not None:
                status = 401 if refused.code == "unauthenticated" else 403
                return error(status, refused.code, refused.reason)
            events, tail = await live_db(read_page, key, after)
            if events:
                return with_read_headers(request, key, after, events, tail, live=True)
            remaining = deadline - time.monotonic()
            if remaining <= 0:
                response = HttpResponse(status=204)
                response["Stream-Next-Offset"] = offsets.encode(max(after, tail))
                response["Stream-Up-To-Date"] = "true"
                response["Stream-Cursor"] = offsets.cursor(request.GET.get("cursor"))
                response["Cache-Control"] = "no-store"
                return response
            await sub.wait(remaining)
            sub.take()
    finally:
        access.unwatch()
        live_subscribers.labels("long-poll").dec()
        await hubs.unsubscribe(hub, sub)


async def sse_events(
    key: str, after: int, from_now: bool, client_cursor: str | None, *, actor: Actor, app: str
) -> AsyncIterator[str]:
    """The SSE body; it ends early when ``actor`` loses access (the client's reconnect then
    gets the 401 or 403 that says why)."""
    hub, sub = await hubs.subscribe(key)
    access = _watch(actor, app, sub)
    live_subscribers.labels("sse").inc()
    try:
        deadline = time.monotonic() + SSE_SECONDS
        announced = False
        while time.monotonic() < deadline and access.refused is None:
            events, tail = await live_db(read_page, key, after)
            if events:
                after = events[-1]["seq"]
                body = ",".join(json.dumps(e, separators=(",", ":")) for e in events)
                yield f"event: data\ndata: [{body}]\n\n"
            if events or not announced or from_now:
                yield _control(after, tail, client_cursor)
                announced, from_now = True, False
            if events and after < tail:
                continue
            if await sub.wait(min(15.0, deadline - time.monotonic())):
                sub.take()
            else:
                yield ": keep-alive\n\n"
    finally:
        access.unwatch()
        live_subscribers.labels("sse").dec()
        await hubs.unsubscribe(hub, sub)


def _control(after: int, tail: int, client_cursor: str | None) -> str:
    control: dict[str, Any] = {
        "streamNextOffset": offsets.encode(after),
        "streamCursor": offsets.cursor(client_cursor),
    }
    if after >= tail:
        control["upToDate"] = True
    return f"event: control\ndata: {json.dumps(control, separators=(',', ':'))}\n\n"
