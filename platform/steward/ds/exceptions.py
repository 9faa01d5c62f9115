"""Errors of the generic streams; ``http.py`` maps each to its status in one place."""

from __future__ import annotations


class DsError(Exception):
    """Base class: ``status`` is the HTTP status the protocol asks for."""

    status = 400
    headers: dict[str, str]

    def __init__(self, message: str, **headers: str) -> None:
        super().__init__(message)
        self.headers = headers


class BadRequest(DsError):
    status = 400


class Forbidden(DsError):
    status = 403


class NotFound(DsError):
    status = 404


class Gone(DsError):
    """A stream deleted (or expired) while forks of it live on."""

    status = 410


class Conflict(DsError):
    status = 409


class TooLarge(DsError):
    status = 413
