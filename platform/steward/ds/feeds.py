"""Sessions and app feeds through the generic mount, read-only: one client reads everything.

``/ds/sessions/<id>`` and ``/ds/apps/<app>`` serve the same log, envelopes, offsets and
access rules (team membership, by cookie or agent token) as ``/streams/sessions/<id>`` and
``/streams/apps/<app>`` in steward.live; writing stays there, since sessions take typed
events only. These paths go through Django's full middleware (see asgi.py), for cookies.
"""

from __future__ import annotations

import re

from django.http import HttpRequest, HttpResponse, HttpResponseBase

FEED = re.compile(r"^/(sessions|apps)/([^/]+)$")


def is_feed(path: str) -> bool:
    """``path`` is relative to /ds (it starts with a slash)."""
    return FEED.match(path) is not None


async def serve(request: HttpRequest, path: str) -> HttpResponseBase:
    from steward.live.streams_http import app_stream_view, session_stream_view

    match = FEED.match(path)
    assert match is not None
    kind, name = match.groups()
    if request.method not in ("GET", "HEAD"):
        response = HttpResponse(
            f"/ds{path} is read-only. Append to a session with POST /streams/sessions/<id> "
            "(typed events) or the session API; app feeds are written by the platform.",
            status=405,
            content_type="text/plain",
        )
        response["Allow"] = "GET, HEAD, OPTIONS"
        return response
    if kind == "sessions":
        return await session_stream_view(request, name)
    return await app_stream_view(request, name)
