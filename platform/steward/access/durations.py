"""Parse short durations such as "30d", "12h", "90m" or "2w"."""

from __future__ import annotations

import re
from datetime import timedelta

_UNITS = {"m": "minutes", "h": "hours", "d": "days", "w": "weeks"}


def parse_duration(text: str) -> timedelta:
    match = re.fullmatch(r"\s*(\d+)\s*([mhdw])\s*", text.lower())
    if not match or int(match.group(1)) < 1:
        raise ValueError(
            f"{text!r} is not a duration. Write a number and a unit: 90m, 12h, 30d or 2w."
        )
    return timedelta(**{_UNITS[match.group(2)]: int(match.group(1))})
