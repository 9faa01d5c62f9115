"""Serve /ds/ with Django minus its middleware stack.

Django runs every ``process_request`` / ``process_response`` of a middleware through
``sync_to_async`` in async mode, and WhiteNoise (sync only) moves the whole chain into a
thread: about fifteen thread hops per request, which the profile showed costing most of
an append's CPU. Generic streams use none of it (no cookies, sessions, CSRF, messages or
templates; their headers come from headers.py), so /ds/ goes to a handler built as if
MIDDLEWARE were empty; only the read-only session and app feeds (feeds.py) keep it. The
URL map, views and request signals are Django's as usual.
"""

from __future__ import annotations

from collections.abc import Awaitable, Callable
from typing import Any

from django.core.handlers.asgi import ASGIHandler
from django.core.handlers.exception import convert_exception_to_response

from steward.ds.feeds import is_feed

PREFIX = "/ds/"


class BareASGIHandler(ASGIHandler):
    def load_middleware(self, is_async: bool = False) -> None:
        # What BaseHandler.load_middleware builds for MIDDLEWARE = [].
        self._view_middleware: list[Any] = []
        self._template_response_middleware: list[Any] = []
        self._exception_middleware: list[Any] = []
        handler = self._get_response_async if is_async else self._get_response  # type: ignore[attr-defined]
        self._middleware_chain = convert_exception_to_response(handler)


ASGIApp = Callable[[Any, Any, Any], Awaitable[None]]


def with_streams(app: ASGIApp) -> ASGIApp:
    """Route HTTP requests under /ds/ to the bare handler, everything else to ``app``."""
    bare: BareASGIHandler | None = None

    async def route(scope: Any, receive: Any, send: Any) -> None:
        nonlocal bare
        path = scope["path"]
        # Sessions and app feeds keep the middleware: people read them with their cookie.
        if scope["type"] == "http" and path.startswith(PREFIX) and not is_feed(path[3:]):
            bare = bare or BareASGIHandler()
            await bare(scope, receive, send)
        else:
            await app(scope, receive, send)

    return route
