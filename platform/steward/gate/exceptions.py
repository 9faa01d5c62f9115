"""Errors of the Save Gate."""

from __future__ import annotations


class GateError(Exception):
    """Base of every Save Gate error."""


class UnknownCheckpoint(GateError, LookupError):
    def __init__(self, app: str, checkpoint_id: int) -> None:
        super().__init__(
            f"{app} has no checkpoint {checkpoint_id}. List them: "
            f"python manage.py checkpoint list {app}"
        )
