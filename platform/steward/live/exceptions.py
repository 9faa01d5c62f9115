"""Errors of the durable-sessions package; each edge maps them to its own wire format."""

from __future__ import annotations


class LiveError(Exception):
    """Base class: ``code`` is the machine-readable error code sent to clients."""

    code = "error"


class UnknownSession(LiveError):
    code = "not_found"

    def __init__(self, session_id: str) -> None:
        super().__init__(
            f"No session {session_id!r}. Create one with POST /api/sessions/ "
            '{"app": …, "title": …} and use the id it returns.'
        )


class UnknownStream(LiveError):
    code = "not_found"

    def __init__(self, key: str) -> None:
        super().__init__(f"No stream {key!r}: sessions are created with POST /api/sessions/.")


class GuardFailed(LiveError):
    """An append's guard returned no row (e.g. the writing run no longer holds its session)."""

    code = "conflict"


class InvalidEvent(LiveError):
    code = "invalid"


class ReservedType(LiveError):
    """A client tried to append an event type only the platform writes (event_types.py)."""

    code = "reserved_type"


class StaleProducer(LiveError):
    """A producer wrote with an epoch older than the one the stream has seen (a zombie writer)."""

    code = "stale_epoch"

    def __init__(self, producer_id: str, epoch: int, current: int) -> None:
        self.current = current
        super().__init__(
            f"Producer {producer_id!r} epoch {epoch} is older than the current epoch {current}; "
            "a newer instance of this producer took over. Restart with Producer-Epoch "
            f"{current + 1} or later."
        )
