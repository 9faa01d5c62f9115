"""A read-only action's result laid out for a person, not as JSON.

A list of records becomes one compact block per record (action cards are narrow: a table
would squeeze a word a line), a record its labelled fields, true/false Yes/No and an
empty value a dash; the JSON stays one click away under it for whoever wants the raw answer.

A result is written for agents, in stored values ("lead", "sam", "15000.00"). Each of its
records is matched to the app's model whose fields it names most, and each value of such a
field is shown as the record page shows it (steward.pages.values): "Lead", "Sam Okafor",
"$15,000".
"""

from __future__ import annotations

from collections.abc import Iterator
from dataclasses import dataclass, field
from typing import Any

from django.db import models

from steward.hosting.registry import hosted_apps
from steward.pages.form_fields import label_for
from steward.pages.values import Names, for_people, related_names

Fields = dict[str, models.Field]


@dataclass
class Shown:
    """One value as a template draws it: ``text``, labelled ``fields``, ``records`` (each a
    list of labelled fields) or a ``list``."""

    kind: str
    text: str = ""
    items: list[tuple[str, Shown]] = field(default_factory=list)
    records: list[list[tuple[str, Shown]]] = field(default_factory=list)


def show(value: Any, *, app: str = "") -> Shown:
    """``value`` (an action's JSON result) as a person reads it; values of ``app``'s model
    fields as its record pages show them."""
    models_fields = _models_fields(app)
    names = related_names(_field_values(value, models_fields))
    return _Shower(models_fields, names).show(value)


@dataclass
class _Shower:
    models_fields: list[Fields]
    names: Names

    def show(self, value: Any, f: models.Field | None = None) -> Shown:
        if isinstance(value, dict):
            return Shown("fields", items=self._fields(value))
        if isinstance(value, list):
            if not value:
                return Shown("text", text="None.")
            if all(isinstance(item, dict) for item in value):
                return Shown("records", records=[self._fields(item) for item in value])
            return Shown("list", items=[("", self.show(item)) for item in value])
        if f is not None:
            value = for_people(f, value, self.names)
        if value is None or value == "":
            return Shown("text", text="—")
        if isinstance(value, bool):
            return Shown("text", text="Yes" if value else "No")
        return Shown("text", text=str(value))

    def _fields(self, record: dict[str, Any]) -> list[tuple[str, Shown]]:
        fields = _model_of(record, self.models_fields)
        return [(_label(k), self.show(v, fields.get(str(k)))) for k, v in record.items()]


def _models_fields(app: str) -> list[Fields]:
    if not app:
        return []
    return [
        {f.name: f for f in model._meta.concrete_fields if not f.primary_key}
        for model in hosted_apps.get(app).models()
    ]


def _model_of(record: dict[str, Any], models_fields: list[Fields]) -> Fields:
    """The fields of the model ``record`` names most ({} when it names none)."""
    best = max(models_fields, key=lambda fields: len(fields.keys() & record.keys()), default={})
    return best if best.keys() & record.keys() else {}


def _field_values(value: Any, models_fields: list[Fields]) -> Iterator[tuple[models.Field, Any]]:
    """Every (model field, value) pair in the result, to name related records in one go."""
    if isinstance(value, list):
        for item in value:
            yield from _field_values(item, models_fields)
    elif isinstance(value, dict):
        fields = _model_of(value, models_fields)
        for k, v in value.items():
            if isinstance(v, dict | list):
                yield from _field_values(v, models_fields)
            elif (f := fields.get(str(k))) is not None:
                yield f, v


def _label(key: Any) -> str:
    return "#" if key == "id" else label_for(str(key))
