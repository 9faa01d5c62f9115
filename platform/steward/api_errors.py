"""The one place where exceptions become HTTP error responses for the REST API.

Every error body is ``{"error": {"code", "message", "fields"?}}``; errors that DRF raises
(parse errors, authentication, permissions) also keep DRF's ``detail`` for its clients.
"""

from __future__ import annotations

import logging
from typing import Any

from django.db import DatabaseError
from rest_framework import exceptions
from rest_framework.response import Response
from rest_framework.views import exception_handler as drf_exception_handler

from steward.access.exceptions import UNAVAILABLE
from steward.actions.exceptions import ActionError, NotAuthenticated, RateLimited
from steward.hosting.exceptions import UnknownApp

log = logging.getLogger(__name__)

BEARER_CHALLENGE = 'Bearer realm="steward"'


def exception_handler(exc: Exception, context: dict[str, Any]) -> Response | None:
    if isinstance(exc, DatabaseError):
        # An outage, never the caller's fault: no host, port or traceback in the answer.
        log.warning("API request: the database does not answer (%s)", type(exc).__name__)
        unavailable = Response(
            {"error": {"code": "unavailable", "message": UNAVAILABLE}}, status=503
        )
        unavailable["Retry-After"] = "2"
        return unavailable
    if isinstance(exc, ActionError):
        return action_error_response(exc)
    if isinstance(exc, UnknownApp):
        return Response(
            {"error": {"code": "not_found", "message": f"{exc} GET /api/apps/ lists them."}},
            status=404,
        )
    response = drf_exception_handler(exc, context)
    if response is not None and isinstance(exc, exceptions.APIException):
        detail = response.data
        error: dict[str, Any] = {"code": _code(exc), "message": _message(exc)}
        if isinstance(exc, exceptions.ValidationError):
            error["fields"] = detail
        response.data = {
            "error": error,
            "detail": detail.get("detail", detail) if isinstance(detail, dict) else detail,
        }
    return response


def action_error_response(exc: ActionError) -> Response:
    response = Response(exc.to_dict(), status=exc.http_status)
    if isinstance(exc, RateLimited):
        response["Retry-After"] = str(exc.retry_after)
    if isinstance(exc, NotAuthenticated):
        response["WWW-Authenticate"] = BEARER_CHALLENGE
    return response


_CODES: tuple[tuple[type[exceptions.APIException], str], ...] = (
    (exceptions.ParseError, "parse_error"),
    (exceptions.AuthenticationFailed, "unauthenticated"),
    (exceptions.NotAuthenticated, "unauthenticated"),
    (exceptions.PermissionDenied, "denied"),
    (exceptions.NotFound, "not_found"),
    (exceptions.ValidationError, "invalid"),
    (exceptions.Throttled, "rate_limited"),
)


def _code(exc: exceptions.APIException) -> str:
    for kind, code in _CODES:
        if isinstance(exc, kind):
            return code
    return str(exc.default_code)


def _message(exc: exceptions.APIException) -> str:
    if isinstance(exc, exceptions.ParseError):
        return f"{exc.detail} Send a JSON object with Content-Type: application/json."
    detail = exc.detail
    if isinstance(detail, list | dict):
        return "The request is invalid; see fields."
    return str(detail)
