"""Compaction: a reader far behind gets one ``message.snapshot`` per message, not its deltas.

A ``run.delta`` appends ``data.text`` to message ``data.message``. For a resume after seq
``after`` up to ``upto``, every message with deltas in that range is replaced by one
snapshot placed at the seq of its last delta there, carrying the message's whole text
through that seq (``data.through``). Every other event is kept, in order. Because a client
de-duplicates by seq and a snapshot *sets* the text, applying the result gives exactly the
state that applying every event would.
"""

from __future__ import annotations

from collections.abc import Iterable
from typing import Any

DELTA = "run.delta"
SNAPSHOT = "message.snapshot"


def compact(
    events: Iterable[dict[str, Any]], prefix: dict[str, str] | None = None
) -> list[dict[str, Any]]:
    """Replace each message's deltas in ``events`` by one snapshot.

    ``prefix`` maps message id -> text of its deltas *before* ``events`` (already seen by
    the client, but the snapshot carries the whole text).
    """
    events = list(events)
    texts: dict[str, list[str]] = {}
    last: dict[str, int] = {}
    for e in events:
        message = _message_of(e)
        if message is not None:
            texts.setdefault(message, [(prefix or {}).get(message, "")]).append(_text(e))
            last[message] = e["seq"]
    out: list[dict[str, Any]] = []
    for e in events:
        message = _message_of(e)
        if message is None:
            out.append(e)
        elif last[message] == e["seq"]:
            out.append(snapshot_of(e, "".join(texts[message])))
    return out


def snapshot_of(delta: dict[str, Any], text: str) -> dict[str, Any]:
    snap = {k: v for k, v in delta.items() if k != "data"}
    snap["type"] = SNAPSHOT
    snap["data"] = {"message": delta["data"]["message"], "text": text, "through": delta["seq"]}
    return snap


def apply(state: dict[str, str], event: dict[str, Any]) -> None:
    """The reference client: apply one event to message texts (used by tests and docs)."""
    if event["type"] == SNAPSHOT:
        state[event["data"]["message"]] = event["data"]["text"]
    elif _message_of(event) is not None:
        message = event["data"]["message"]
        state[message] = state.get(message, "") + _text(event)


def _message_of(event: dict[str, Any]) -> str | None:
    data = event.get("data")
    if event.get("type") != DELTA or not isinstance(data, dict):
        return None
    message = data.get("message")
    return str(message) if message is not None else None


def _text(event: dict[str, Any]) -> str:
    text = event["data"].get("text", "")
    return text if isinstance(text, str) else str(text)
