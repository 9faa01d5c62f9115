"""Catch-up reads from the log, compacted when the reader is far behind (sync: call via
``database_sync_to_async``)."""

from __future__ import annotations

from typing import Any

from django.conf import settings
from django.db import connection

from steward.live import services
from steward.live.compaction import DELTA, compact, snapshot_of
from steward.live.models import Event, envelope

PAGE = 1000


def catch_up(key: str, after: int, *, compact_after: int | None = None) -> list[dict[str, Any]]:
    """Events after ``after`` (one page), or, when far behind, everything compacted."""
    threshold = settings.STEWARD_LIVE_COMPACT_AFTER if compact_after is None else compact_after
    upto = services.tail(key)
    if upto - after <= threshold:
        return services.read_dicts(key, after, PAGE)
    if connection.vendor == "postgresql":
        return _compact_in_postgres(key, after, upto)
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


def _compact_in_postgres(key: str, after: int, upto: int) -> list[dict[str, Any]]:
    """The same result as ``compact``, with the text joined by PostgreSQL (string_agg) so
    a resume 10,000 deltas behind moves one string per message instead of 10,000 rows."""
    from django.contrib.postgres.aggregates import StringAgg
    from django.db.models import Max, Q
    from django.db.models.fields.json import KeyTextTransform

    deltas = Event.objects.filter(stream_id=key, type=DELTA, seq__lte=upto).annotate(
        message=KeyTextTransform("message", "data")
    )
    lasts = dict(
        deltas.filter(seq__gt=after, message__isnull=False)
        .values("message")
        .annotate(last=Max("seq"))
        .values_list("message", "last")
    )
    texts = dict(
        deltas.filter(message__in=list(lasts))
        .values("message")
        .annotate(text=StringAgg(KeyTextTransform("text", "data"), delimiter="", order_by="seq"))
        .values_list("message", "text")
    )
    kept = (
        Event.objects.filter(stream_id=key, seq__gt=after, seq__lte=upto)
        .annotate(message=KeyTextTransform("message", "data"))
        .filter(~Q(type=DELTA) | Q(seq__in=list(lasts.values())) | Q(message__isnull=True))
        .order_by("seq")
        .values_list(*services.ENVELOPE_FIELDS)
    )
    out = []
    last_seqs = {seq: message for message, seq in lasts.items()}
    for row in kept:
        event = envelope(**dict(zip(services.ENVELOPE_FIELDS, row, strict=True)))
        message = last_seqs.get(event["seq"])
        out.append(snapshot_of(event, texts.get(message) or "") if message else event)
    return out
