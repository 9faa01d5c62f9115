"""Per-caller, per-action rate limits in fixed windows, counted in the Django cache.

The cache is Redis in production, so every ASGI process and worker shares the counts;
the embedded default's local-memory cache counts per process.
"""

from __future__ import annotations

import math
import time

from django.core.cache import cache

from steward.actions.exceptions import RateLimited
from steward.actions.spec import ActionSpec


def check(*, scope: str, spec: ActionSpec) -> None:
    """Count this call; raises RateLimited (with retry_after seconds) over the limit."""
    rate = spec.rate_limit
    if rate is None:
        return
    now = time.time()
    window = int(now // rate.seconds)
    key = f"steward:rate:{scope}:{spec.app}:{spec.name}:{window}"
    if cache.add(key, 1, timeout=rate.seconds + 1):
        count = 1
    else:
        try:
            count = cache.incr(key)
        except ValueError:  # expired between add and incr
            cache.set(key, 1, timeout=rate.seconds + 1)
            count = 1
    if count > rate.calls:
        retry_after = max(1, math.ceil((window + 1) * rate.seconds - now))
        raise RateLimited(
            f"{spec.qualified_name} allows {spec.rate} per caller; retry in {retry_after}s.",
            retry_after=retry_after,
        )
