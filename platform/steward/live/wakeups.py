"""Wake-ups: after a commit, tell every process's hubs that a stream has new events.

The log stores; this only signals, and a lost wake-up costs latency, never data (hubs
also check the log's tail periodically). In-process hubs are woken directly, which is what
the embedded configuration (runner threads inside the ASGI process) relies on. With Redis,
one PUBLISH per commit reaches every ASGI process, whose hub holds one subscription per
stream. We use redis-py here rather than the channel layer because appends also come from
sync code (Celery workers, threads), where driving the async channel layer through
``async_to_sync`` opens a new event loop — and a new Redis connection — per event.
"""

from __future__ import annotations

import json
import logging
import threading
from typing import Any

from django.conf import settings

log = logging.getLogger(__name__)

# Payloads larger than this carry only the tail seq; the hub reads the events from the log.
MAX_INLINE_EVENTS = 64

_client_lock = threading.Lock()
_client: Any = None


def channel_name(key: str) -> str:
    prefix = getattr(settings, "STEWARD_REDIS_PREFIX", "steward")
    return f"{prefix}:live:{key}"


def publish(key: str, events: list[dict[str, Any]]) -> None:
    """Signal that ``events`` (consecutive, committed) were appended to stream ``key``."""
    from steward.live.hub import hubs

    if not events:
        return
    hubs.notify_threadsafe(key, events)
    if settings.REDIS_URL:
        message: dict[str, Any] = {"tail": events[-1]["seq"]}
        if len(events) <= MAX_INLINE_EVENTS:
            message["events"] = events
        try:
            _redis().publish(channel_name(key), json.dumps(message, separators=(",", ":")))
        except Exception:  # a lost wake-up only delays delivery until the next tail check
            log.warning("live wake-up for %s not published", key, exc_info=True)


def _redis() -> Any:
    global _client
    with _client_lock:
        if _client is None:
            import redis

            _client = redis.Redis.from_url(settings.REDIS_URL)
        return _client
