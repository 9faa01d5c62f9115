"""Describe a hosted app's data model for review by a person (text) or a machine (JSON).

Used by ``manage.py reviewmodel <app>`` and the staff page ``/apps/<app>/model/``.
"""

from __future__ import annotations

import enum
from decimal import Decimal
from typing import Any

from django.db import models
from django.db.models.fields import NOT_PROVIDED

from steward.hosting.registry import hosted_apps


def _plain(value: Any) -> Any:
    if isinstance(value, enum.Enum):
        value = value.value
    if callable(value):
        return f"{getattr(value, '__module__', '')}.{getattr(value, '__qualname__', value)}()"
    if isinstance(value, Decimal):
        return str(value)
    if isinstance(value, str | int | float | bool) or value is None:
        return value
    return str(value)


def describe_field(field: models.Field) -> dict[str, Any]:
    default = field.default
    info: dict[str, Any] = {
        "name": field.name,
        "column": field.column,
        "type": field.get_internal_type(),
        "null": field.null,
        "blank": field.blank,
        "default": None if default is NOT_PROVIDED else _plain(default),
        "auto": "auto_now"
        if getattr(field, "auto_now", False)
        else "auto_now_add"
        if getattr(field, "auto_now_add", False)
        else None,
        "max_length": field.max_length,
        "choices": [[_plain(v), str(label)] for v, label in field.flatchoices] or None,
        "primary_key": field.primary_key,
        "unique": field.unique,
        "help_text": str(field.help_text) or None,
    }
    if isinstance(field, models.DecimalField):
        info["max_digits"], info["decimal_places"] = field.max_digits, field.decimal_places
    return info


def describe_relation(field: models.Field) -> dict[str, Any]:
    remote = field.remote_field
    assert remote is not None  # only called for relation fields
    kind = (
        "many-to-many"
        if field.many_to_many
        else "one-to-one"
        if field.one_to_one
        else "many-to-one"
    )
    return {
        "field": field.name,
        "kind": kind,
        "to": remote.model._meta.label,
        "on_delete": getattr(getattr(remote, "on_delete", None), "__name__", None),
        "related_name": remote.related_name,
    }


LOOKUPS = {"exact": "=", "gt": ">", "gte": "≥", "lt": "<", "lte": "≤", "in": "in", "iexact": "="}


def condition_words(condition: Any) -> str:
    """A constraint's condition as a reviewer reads it: ``score is empty or (score ≥ 0 and
    score ≤ 10)``, not Django's ``(OR: ('score__isnull', True), …)``."""
    if not isinstance(condition, models.Q):
        return str(condition)
    parts = []
    for child in condition.children:
        if isinstance(child, tuple):
            parts.append(_lookup_words(*child))
        elif isinstance(child, models.Q) and len(child.children) > 1:
            parts.append(f"({condition_words(child)})")
        else:
            parts.append(condition_words(child))  # a Q of one lookup, or an expression
    text = f" {condition.connector.lower()} ".join(parts)
    return f"not ({text})" if condition.negated else text


def _lookup_words(lookup: str, value: Any) -> str:
    field, _, op = lookup.partition("__")
    if op == "isnull":
        return f"{field} is {'empty' if value else 'set'}"
    if op in LOOKUPS or not op:
        return f"{field} {LOOKUPS.get(op, '=')} {value!s}"
    return f"{field} {op.replace('_', ' ')} {value!s}"


def describe_constraint(constraint: models.BaseConstraint) -> dict[str, Any]:
    if isinstance(constraint, models.CheckConstraint):
        return {
            "name": constraint.name,
            "kind": "check",
            "detail": condition_words(constraint.condition),
        }
    if isinstance(constraint, models.UniqueConstraint):
        detail = ", ".join(constraint.fields) or str(constraint.expressions)
        if constraint.condition is not None:
            detail += f" where {condition_words(constraint.condition)}"
        return {"name": constraint.name, "kind": "unique", "detail": detail}
    return {"name": constraint.name, "kind": type(constraint).__name__, "detail": repr(constraint)}


def describe_model(model: type[models.Model]) -> dict[str, Any]:
    meta = model._meta
    concrete = [f for f in meta.get_fields() if isinstance(f, models.Field)]
    constraints = [describe_constraint(c) for c in meta.constraints]
    constraints += [
        {"name": f"{f.name}_unique", "kind": "unique", "detail": f.name}
        for f in concrete
        if f.unique and not f.primary_key
    ]
    constraints += [
        {"name": "unique_together", "kind": "unique", "detail": ", ".join(group)}
        for group in meta.unique_together
    ]
    return {
        "name": model.__name__,
        "label": meta.label,
        "verbose_name": str(meta.verbose_name),
        "table": meta.db_table,
        "ordering": [str(o) for o in meta.ordering or []],
        "fields": [describe_field(f) for f in concrete],
        "relations": [describe_relation(f) for f in concrete if f.is_relation],
        "constraints": constraints,
        "indexes": [{"name": i.name, "fields": list(i.fields or [])} for i in meta.indexes],
    }


def review(app: str) -> dict[str, Any]:
    """The whole data model of hosted app ``app`` (raises UnknownApp)."""
    hosted = hosted_apps.get(app)
    return {
        "app": hosted.name,
        "title": hosted.title,
        "models": [describe_model(m) for m in hosted.models()],
    }
