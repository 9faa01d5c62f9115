"""Durable Streams offsets and cursors.

An offset names the position *after* an event: ``0000000000000042`` is "after seq 42".
Zero-padding to 16 digits makes offsets opaque, URL-safe and lexicographically sortable
in seq order (the protocol's MUST); ``-1`` and ``now`` are the protocol's sentinels.
"""

from __future__ import annotations

import random
import re
import time

BEGINNING = "-1"
NOW = "now"
WIDTH = 16
_OFFSET = re.compile(r"^\d{16}$")

# Cursor intervals (protocol section 8.1): 20-second intervals since 2024-10-09 00:00 UTC.
CURSOR_EPOCH = 1728432000
CURSOR_INTERVAL = 20


class BadOffset(ValueError):
    pass


def encode(seq: int) -> str:
    return f"{seq:0{WIDTH}d}"


def decode(offset: str | None, tail: int) -> int:
    """The seq an offset resumes after; ``now`` is the current ``tail``. No offset at all
    (None) is the beginning; an empty one is refused, like any offset this server never
    returned: one beyond the tail would be echoed back and make the client skip events."""
    if offset is None or offset == BEGINNING:
        return 0
    if offset == NOW:
        return tail
    if not _OFFSET.match(offset):
        raise BadOffset(
            f"offset {offset!r} is not valid: use -1 (the beginning), now (the tail) or a "
            "Stream-Next-Offset value this server returned."
        )
    if int(offset) > tail:
        raise BadOffset(
            f"offset {offset} is beyond the end of the stream ({encode(tail)}): resume from "
            "a Stream-Next-Offset value this server returned, or from -1."
        )
    return int(offset)


def cursor(client_cursor: str | None = None) -> str:
    """A cursor that never goes backwards relative to the one the client echoed."""
    current = int((time.time() - CURSOR_EPOCH) // CURSOR_INTERVAL)
    try:
        echoed = int(client_cursor) if client_cursor else -1
    except ValueError:
        echoed = -1
    if echoed >= current:
        # Jitter of 1-3600 s, in intervals, so caches never cycle on one key.
        current = echoed + max(1, random.randint(1, 3600) // CURSOR_INTERVAL)
    return str(current)
