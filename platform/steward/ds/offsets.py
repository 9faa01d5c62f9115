"""Offsets of generic streams: ``<16 digits>_<16 digits>``, the second the byte position.

The first field is reserved (always zero here); the shape is the reference server's, so
offsets from either sort and validate the same way. Zero-padding makes lexicographic order
equal position order (the protocol's MUST). ``-1`` and ``now`` are the sentinels.
"""

from __future__ import annotations

import re

from steward.ds.exceptions import BadRequest
from steward.live.offsets import cursor

__all__ = ["BEGINNING", "NOW", "cursor", "decode", "encode"]

BEGINNING = "-1"
NOW = "now"
_OFFSET = re.compile(r"^(\d{1,16})_(\d{1,16})$")


def encode(position: int) -> str:
    return f"{0:016d}_{position:016d}"


def decode(offset: str) -> int:
    """The byte position an offset names (``-1`` is 0); ``now`` is resolved by the caller."""
    if offset == BEGINNING:
        return 0
    match = _OFFSET.match(offset)
    if match is None:
        raise BadRequest(
            f"offset {offset!r} is not valid: use -1 (the beginning), now (the tail) or a "
            "Stream-Next-Offset value this server returned."
        )
    return int(match.group(2))
