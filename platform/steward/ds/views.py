"""HTTP edge of generic streams: ``/ds/<path>``, every method the protocol defines.

Parses headers (case-insensitively: Django's ``request.headers``), authorizes, calls one
service or read, and maps package errors to statuses in one place (``_error``). Reads
live in ``reading.py``.
"""

from __future__ import annotations

import re
from datetime import datetime

from django.conf import settings
from django.http import HttpRequest, HttpResponse, HttpResponseBase
from django.views.decorators.csrf import csrf_exempt

from steward.ds import (
    access,
    fastpath,
    feeds,
    formats,
    lifecycle,
    offsets,
    reading,
    reads,
    services,
)
from steward.ds.exceptions import BadRequest, DsError, NotFound, TooLarge
from steward.ds.forks import ForkSpec
from steward.ds.headers import finish
from steward.ds.offsets import encode
from steward.ds.producers import parse_claim
from steward.live.db import live_db

_TTL = re.compile(r"^(0|[1-9]\d*)$")


@csrf_exempt
async def stream_view(request: HttpRequest, stream_path: str) -> HttpResponseBase:
    path = "/" + stream_path
    method = request.method or "GET"
    if method == "OPTIONS":
        return finish(HttpResponse(status=204))
    if feeds.is_feed(path):
        return finish(await feeds.serve(request, path))
    handler = _HANDLERS.get(method)
    if handler is None:
        response = HttpResponse("Use GET, HEAD, POST, PUT or DELETE.", status=405)
        response["Allow"] = "GET, HEAD, POST, PUT, DELETE, OPTIONS"
        return finish(response)
    try:
        if not settings.STEWARD_STREAMS_OPEN:
            await live_db(access.authorize, request.headers.get("Authorization"), method, path)
        return finish(await handler(request, path))
    except DsError as exc:
        return finish(_error(exc))


def _error(exc: DsError) -> HttpResponse:
    response = HttpResponse(str(exc), status=exc.status, content_type="text/plain")
    for name, value in exc.headers.items():
        response[name] = value
    return response


async def _put(request: HttpRequest, path: str) -> HttpResponse:
    content_type = request.headers.get("Content-Type")
    ttl = request.headers.get("Stream-TTL") or None
    expires = request.headers.get("Stream-Expires-At") or None
    if ttl is not None and expires is not None:
        raise BadRequest("Send Stream-TTL or Stream-Expires-At, not both.")
    if ttl is not None and not _TTL.match(ttl):
        raise BadRequest(f"Stream-TTL must be whole seconds like 3600, not {ttl!r}.")
    config = services.Config(
        content_type=content_type if formats.is_valid(content_type) else None,
        ttl_seconds=int(ttl) if ttl is not None else None,
        expires_at=_timestamp(expires) if expires is not None else None,
        expires_at_text=expires or "",
        closed=_flag(request, "Stream-Closed"),
        fork=_fork(request),
    )
    body = _body(request)
    if not body and await live_db(fastpath.try_create, path=path, config=config):
        content_type, tail, created, closed = (
            config.content_type or formats.OCTET_STREAM,
            0,
            True,
            config.closed,
        )
    else:
        stream, created = await live_db(services.create_stream, path=path, config=config, body=body)
        content_type, tail, closed = stream.content_type, stream.tail, stream.closed
    response = HttpResponse(status=201 if created else 200, content_type=content_type)
    response["Stream-Next-Offset"] = encode(tail)
    if created:
        response["Location"] = request.build_absolute_uri()
    if closed:
        response["Stream-Closed"] = "true"
    return response


async def _post(request: HttpRequest, path: str) -> HttpResponse:
    claim = parse_claim(
        request.headers.get("Producer-Id"),
        request.headers.get("Producer-Epoch"),
        request.headers.get("Producer-Seq"),
    )
    close = _flag(request, "Stream-Closed")
    body = _body(request)
    content_type = request.headers.get("Content-Type") or ""
    if not body and not close:
        raise BadRequest("The body is empty: send the bytes to append (or Stream-Closed: true).")
    if body and not content_type:
        raise BadRequest("Send the stream's Content-Type with the bytes you append.")
    stream_seq = request.headers.get("Stream-Seq")
    written: services.Written | None = None
    if body and claim is None and not close:
        written = await live_db(
            fastpath.try_append,
            path=path,
            content_type=content_type,
            body=body,
            stream_seq=stream_seq,
        )
    if written is None:
        written = await live_db(
            services.append,
            path=path,
            content_type=content_type,
            body=body,
            stream_seq=stream_seq,
            claim=claim,
            close=close,
        )
    response = HttpResponse(status=written.status)
    response["Stream-Next-Offset"] = written.next_offset
    if written.claim is not None:
        response["Producer-Epoch"] = str(written.claim.epoch)
        response["Producer-Seq"] = str(written.producer_seq)
    if written.closed:
        response["Stream-Closed"] = "true"
    return response


async def _delete(request: HttpRequest, path: str) -> HttpResponse:
    await live_db(lifecycle.delete_stream, path=path)
    return HttpResponse(status=204)


async def _head(request: HttpRequest, path: str) -> HttpResponse:
    state = await live_db(reads.load, path, touch=False)
    if state is None:
        raise NotFound(f"No stream at {path}.")
    response = HttpResponse(status=200, content_type=state.content_type)
    response["Stream-Next-Offset"] = encode(state.tail)
    response["Cache-Control"] = "no-store"
    response["ETag"] = reading.etag(state, "-1", state.tail, closed=state.closed)
    if state.closed:
        response["Stream-Closed"] = "true"
    if state.ttl_seconds is not None:
        response["Stream-TTL"] = str(state.ttl_seconds)
    if state.expires_at_text:
        response["Stream-Expires-At"] = state.expires_at_text
    return response


def _body(request: HttpRequest) -> bytes:
    limit = settings.STEWARD_DS_MAX_APPEND_BYTES
    # read(), not .body: .body would apply DATA_UPLOAD_MAX_MEMORY_SIZE (2.5 MB) instead.
    data = request.read(limit + 1)
    if len(data) > limit:
        raise TooLarge(f"Appends are limited to {limit} bytes; split the data into batches.")
    return data


def _fork(request: HttpRequest) -> ForkSpec | None:
    source = request.headers.get("Stream-Forked-From")
    offset = request.headers.get("Stream-Fork-Offset")
    sub = request.headers.get("Stream-Fork-Sub-Offset")
    if not source:
        if sub is not None or offset is not None:
            raise BadRequest("Stream-Fork-Offset and -Sub-Offset need Stream-Forked-From.")
        return None
    if sub is not None and not _TTL.match(sub):
        raise BadRequest(f"Stream-Fork-Sub-Offset must be a whole number, not {sub!r}.")
    if sub is not None and int(sub) > 0 and offset is None:
        raise BadRequest("Stream-Fork-Sub-Offset needs the Stream-Fork-Offset it counts from.")
    if offset is not None and offset in (offsets.BEGINNING, offsets.NOW):
        raise BadRequest("Stream-Fork-Offset takes a Stream-Next-Offset value, not -1 or now.")
    return ForkSpec(
        source=source,
        offset=offsets.decode(offset) if offset is not None else None,
        sub_offset=int(sub) if sub is not None else 0,
    )


def _flag(request: HttpRequest, name: str) -> bool:
    return (request.headers.get(name) or "").strip().lower() == "true"


def _timestamp(text: str) -> datetime:
    try:
        value = datetime.fromisoformat(text.strip())
    except ValueError:
        value = None
    if value is None or value.tzinfo is None:
        raise BadRequest(
            f"Stream-Expires-At must be an RFC 3339 time like 2030-01-01T00:00:00Z, not {text!r}."
        )
    return value


_HANDLERS = {
    "PUT": _put,
    "POST": _post,
    "DELETE": _delete,
    "HEAD": _head,
    "GET": reading.get,
}
