"""Actions and their arguments in words, for people reading a run or an approval."""

from __future__ import annotations

import json
from typing import Any

MAX_VALUE = 60


def action_words(name: str) -> str:
    """``add_idea`` → "Add idea"."""
    words = name.replace("_", " ").strip()
    return words[:1].upper() + words[1:]


def arguments_summary(args: Any, *, without_ids: bool = False) -> str:
    """``{"title": "Kites", "idea_id": 3}`` → ``title “Kites” · idea #3`` (one line).

    ``without_ids``: leave out the ``…_id`` arguments (when the record is named beside)."""
    if not isinstance(args, dict) or not args:
        return "no arguments"
    parts = []
    for key, value in args.items():
        if value is None or value == "" or (without_ids and key.endswith("_id")):
            continue
        label = key.removesuffix("_id").replace("_", " ")
        if key.endswith("_id") and isinstance(value, int):
            parts.append(f"{label} #{value}")
        elif isinstance(value, str):
            text = value if len(value) <= MAX_VALUE else value[: MAX_VALUE - 1] + "…"
            parts.append(f"{label} “{text}”")
        else:
            text = json.dumps(value)
            parts.append(
                f"{label} {text if len(text) <= MAX_VALUE else text[: MAX_VALUE - 1] + '…'}"
            )
    return " · ".join(parts) or ("" if without_ids else "no arguments")
