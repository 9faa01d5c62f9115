"""Django's request metrics: one small middleware (count and time by route, method, status)."""

from __future__ import annotations

import time
from collections.abc import Callable

from asgiref.sync import iscoroutinefunction, markcoroutinefunction
from django.http import HttpRequest, HttpResponseBase

from steward.metrics.definitions import http_duration, http_requests


def _route(request: HttpRequest) -> str:
    # The route's name (or pattern), never the raw path: ids would explode the label set.
    match = getattr(request, "resolver_match", None)
    if match is None:
        return "<unmatched>"
    return match.view_name or match.route or "<unnamed>"


def _observe(request: HttpRequest, response: HttpResponseBase, started: float) -> None:
    view, method = _route(request), request.method or "?"
    http_requests.labels(method, view, str(response.status_code)).inc()
    http_duration.labels(method, view).observe(time.perf_counter() - started)


class RequestMetricsMiddleware:
    """Sync and async capable, so it adds no thread hop under ASGI."""

    sync_capable = True
    async_capable = True

    def __init__(self, get_response: Callable) -> None:
        self.get_response = get_response
        if iscoroutinefunction(get_response):
            markcoroutinefunction(self)

    def __call__(self, request: HttpRequest):
        if iscoroutinefunction(self):
            return self._acall(request)
        started = time.perf_counter()
        response = self.get_response(request)
        _observe(request, response, started)
        return response

    async def _acall(self, request: HttpRequest) -> HttpResponseBase:
        started = time.perf_counter()
        response = await self.get_response(request)
        _observe(request, response, started)
        return response
