"""Parse an action's ``rate`` ("10/m", "5/10s") with django-ratelimit's own rate syntax."""

from __future__ import annotations

from dataclasses import dataclass

from django.core.exceptions import ImproperlyConfigured
from django_ratelimit.core import _split_rate, rate_re


@dataclass(frozen=True)
class Rate:
    """At most ``calls`` calls per caller in each fixed window of ``seconds``."""

    calls: int
    seconds: int

    @classmethod
    def parse(cls, original: str, where: str) -> Rate:
        text = original.strip().lower()
        # _split_rate is how get_usage itself reads a rate (pinned <5 in pyproject). Its
        # pattern only anchors at the start ("10/often" would read as 10/s), so the whole
        # text must match it, unit included, before the library splits it.
        match = rate_re.fullmatch(text)
        calls, seconds = _split_rate(text) if match and match.group(3) else (0, 0)
        if calls < 1 or seconds < 1:
            raise ImproperlyConfigured(
                f"Action {where}: rate={original!r} is not a rate. Write calls per unit, like "
                f"rate='10/m' or rate='5/10s' (units: s, m, h, d)."
            )
        return cls(calls=calls, seconds=seconds)
