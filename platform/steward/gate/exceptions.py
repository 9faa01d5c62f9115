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


class RestoreFailed(GateError):
    """The checkpoint's data no longer fits the database (rolled back; nothing changed)."""

    def __init__(self, app: str, checkpoint_id: int, reason: str) -> None:
        super().__init__(
            f"Checkpoint {checkpoint_id} of {app} cannot be restored, nothing was changed: "
            f"{reason}. A record it refers to outside the app (a user?) may be gone, or the "
            "models changed since; restore a newer checkpoint or migrate back first."
        )
