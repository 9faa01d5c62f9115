"""A read-only action's result laid out for a person, not as JSON.

A list of records becomes one compact block per record (action cards are narrow: a table
would squeeze a word a line), a record its labelled fields, true/false Yes/No and an
empty value a dash; the JSON stays one click away under it for whoever wants the raw answer.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from typing import Any

from steward.pages.form_fields import label_for


@dataclass
class Shown:
    """One value as a template draws it: ``text``, labelled ``fields``, ``records`` (each a
    list of labelled fields) or a ``list``."""

    kind: str
    text: str = ""
    items: list[tuple[str, Shown]] = field(default_factory=list)
    records: list[list[tuple[str, Shown]]] = field(default_factory=list)


def show(value: Any) -> Shown:
    """``value`` (an action's JSON result) as a person reads it."""
    if isinstance(value, dict):
        return Shown("fields", items=[(_label(k), show(v)) for k, v in value.items()])
    if isinstance(value, list):
        if not value:
            return Shown("text", text="None.")
        if all(isinstance(item, dict) for item in value):
            records = [[(_label(k), show(v)) for k, v in item.items()] for item in value]
            return Shown("records", records=records)
        return Shown("list", items=[("", show(item)) for item in value])
    if value is None or value == "":
        return Shown("text", text="—")
    if isinstance(value, bool):
        return Shown("text", text="Yes" if value else "No")
    return Shown("text", text=str(value))


def _label(key: Any) -> str:
    return "#" if key == "id" else label_for(str(key))
