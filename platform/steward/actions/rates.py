"""Parse an action's ``rate`` ("10/m") into calls per window of seconds."""

from __future__ import annotations

import re
from dataclasses import dataclass

from django.core.exceptions import ImproperlyConfigured

_UNITS = {"s": 1, "sec": 1, "m": 60, "min": 60, "h": 3600, "hour": 3600, "d": 86400, "day": 86400}
_PATTERN = re.compile(r"^\s*(\d+)\s*/\s*([a-z]+)\s*$")


@dataclass(frozen=True)
class Rate:
    calls: int
    seconds: int

    @classmethod
    def parse(cls, text: str, where: str) -> Rate:
        match = _PATTERN.match(text.lower())
        if not match or match.group(2) not in _UNITS or int(match.group(1)) < 1:
            raise ImproperlyConfigured(
                f"Action {where}: rate={text!r} is not a rate. Write calls per unit, like "
                f"rate='10/m' (units: s, m, h, d)."
            )
        return cls(calls=int(match.group(1)), seconds=_UNITS[match.group(2)])
