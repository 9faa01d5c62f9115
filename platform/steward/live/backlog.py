"""Catch-up reads from the log, compacted when the reader is far behind (sync: call via
``database_sync_to_async``)."""

from __future__ import annotations

from typing import Any

from django.conf import settings

from steward.live import services
from steward.live.compaction import DELTA, compact
from steward.live.models import Event

PAGE = 1000


def catch_up(key: str, after: int, *, compact_after: int | None = None) -> list[dict[str, Any]]:
    """Events after ``after`` (one page), or, when far behind, everything compacted."""
    threshold = settings.STEWARD_LIVE_COMPACT_AFTER if compact_after is None else compact_after
    upto = services.tail(key)
    if upto - after <= threshold:
        return services.read_dicts(key, after, PAGE)
    rows = services.read_dicts(key, after, upto - after)
    messages = {
        str(e["data"]["message"])
        for e in rows
        if e["type"] == DELTA and isinstance(e["data"], dict) and e["data"].get("message")
    }
    return compact(rows, _prefix(key, after, messages))


def _prefix(key: str, after: int, messages: set[str]) -> dict[str, str]:
    """The text of each message's deltas up to ``after``."""
    if not messages or after <= 0:
        return {}
    out: dict[str, list[str]] = {}
    rows = (
        Event.objects.filter(stream_id=key, seq__lte=after, type=DELTA)
        .filter(data__message__in=list(messages))
        .order_by("seq")
        .values_list("data", flat=True)
    )
    for data in rows:
        out.setdefault(str(data["message"]), []).append(str(data.get("text", "")))
    return {m: "".join(parts) for m, parts in out.items()}
