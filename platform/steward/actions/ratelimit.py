"""Per-caller, per-action rate limits in fixed windows, counted by django-ratelimit.

django-ratelimit counts in the Django cache with an atomic add-then-incr, so concurrent
callers never get more than the limit through; the cache is Redis in production, so every
ASGI process and worker shares the counts (the embedded default's local-memory cache counts
per process).
"""

from __future__ import annotations

from django_ratelimit.core import get_usage

from steward.actions.exceptions import RateLimited
from steward.actions.spec import ActionSpec


def check(*, scope: str, spec: ActionSpec) -> None:
    """Count this call; raises RateLimited (with retry_after seconds) over the limit."""
    rate = spec.rate_limit
    if rate is None:
        return
    usage = get_usage(
        None,  # no HTTP request: the caller's scope is the key, on every transport
        group=f"steward.action:{spec.qualified_name}",
        key=lambda _group, _request: scope,
        rate=(rate.calls, rate.seconds),
        increment=True,
    )
    if usage is not None and usage["should_limit"]:
        retry_after = max(1, int(usage["time_left"]))
        raise RateLimited(
            f"{spec.qualified_name} allows {spec.rate} per caller; retry in {retry_after}s.",
            retry_after=retry_after,
        )
