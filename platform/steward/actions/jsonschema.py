"""JSON Schema (draft 2020-12 subset that OpenAI strict tools and MCP accept) from a serializer.

One mapper serves both ways of declaring input: typed parameters become a serializer first
(see signature.py), so the schema and the validation can never disagree.
"""

from __future__ import annotations

import datetime as dt
import decimal
import enum
from typing import Any

from django.core.exceptions import ImproperlyConfigured
from rest_framework import serializers
from rest_framework.fields import empty

# A character that is not whitespace as Python's str.strip() sees it, spelled so that ECMA-262
# (JSON Schema's regex dialect) and Python's re read the class alike: a CharField that trims
# whitespace and refuses blank refuses "   " too, and this pattern (unanchored: the string
# must contain one such character) says so. Exactly str.isspace() (a test checks).
NOT_BLANK = r"[^\t-\r\x1c-\x20\x85\xa0\u1680\u2000-\u200a\u2028\u2029\u202f\u205f\u3000]"


def schema_for_serializer(
    serializer_class: type[serializers.Serializer], where: str
) -> dict[str, Any]:
    """The object schema of ``serializer_class``; raises for fields it cannot describe."""
    return _object_schema(serializer_class(), where)


def _object_schema(serializer: serializers.Serializer, where: str) -> dict[str, Any]:
    properties: dict[str, Any] = {}
    required: list[str] = []
    for name, field in serializer.fields.items():
        if field.read_only:
            continue
        properties[name] = field_schema(field, f"{where}.{name}")
        if field.required:
            required.append(name)
    schema: dict[str, Any] = {
        "type": "object",
        "properties": properties,
        "required": required,
        "additionalProperties": False,
    }
    return schema


def field_schema(field: serializers.Field, where: str) -> dict[str, Any]:
    schema = _type_schema(field, where)
    if field.help_text:
        schema["description"] = str(field.help_text)
    if field.default is not empty and not callable(field.default):
        schema["default"] = _jsonable(field.default)
    if field.allow_null:
        if "enum" in schema:
            schema["enum"] = [*schema["enum"], None]
        kind = schema.get("type")
        if isinstance(kind, str):
            schema["type"] = [kind, "null"]
    return schema


def _type_schema(field: serializers.Field, where: str) -> dict[str, Any]:
    if isinstance(field, serializers.Serializer):
        return _object_schema(field, where)
    if isinstance(field, serializers.ListSerializer):
        child: Any = field.child
        return {"type": "array", "items": _type_schema(child, where)}
    if isinstance(field, serializers.ListField):
        schema = {"type": "array", "items": field_schema(field.child, where)}
        _copy_limits(field, schema, {"min_length": "minItems", "max_length": "maxItems"})
        return schema
    if isinstance(field, serializers.ChoiceField):
        values = list(field.choices)
        kinds = {type(v) for v in values}
        kind = "string" if kinds == {str} else "integer" if kinds == {int} else None
        schema = {"enum": values}
        if kind:
            schema["type"] = kind
        return schema
    if isinstance(field, serializers.BooleanField):
        return {"type": "boolean"}
    if isinstance(field, serializers.IntegerField):
        schema = {"type": "integer"}
        _copy_limits(field, schema, {"min_value": "minimum", "max_value": "maximum"})
        return schema
    if isinstance(field, serializers.FloatField | serializers.DecimalField):
        schema = {"type": "number"}
        _copy_limits(field, schema, {"min_value": "minimum", "max_value": "maximum"})
        return schema
    if isinstance(field, serializers.DateTimeField):
        return {"type": "string", "format": "date-time"}
    if isinstance(field, serializers.DateField):
        return {"type": "string", "format": "date"}
    if isinstance(field, serializers.CharField):  # Email, URL, Slug, UUID … are CharFields
        schema = {"type": "string"}
        fmt = {serializers.EmailField: "email", serializers.URLField: "uri"}.get(type(field))
        if fmt:
            schema["format"] = fmt
        _copy_limits(field, schema, {"min_length": "minLength", "max_length": "maxLength"})
        _refuse_blank(field, schema)
        return schema
    raise ImproperlyConfigured(
        f"Action input {where}: a {type(field).__name__} cannot become JSON Schema. Use "
        f"Char/Email/URL/Integer/Float/Decimal/Boolean/Choice/Date/DateTime/List fields or a "
        f"nested Serializer."
    )


def _refuse_blank(field: serializers.CharField, schema: dict[str, Any]) -> None:
    """DRF refuses "" with a 400 unless allow_blank, and trims first (by default), so spaces
    alone are refused too: say both, or a schema-valid request would be refused."""
    if not field.allow_blank:
        schema["minLength"] = max(field.min_length or 0, 1)
        if field.trim_whitespace:
            schema["pattern"] = NOT_BLANK


def _copy_limits(field: serializers.Field, schema: dict[str, Any], names: dict[str, str]) -> None:
    for attr, keyword in names.items():
        value = getattr(field, attr, None)
        if value is not None:
            schema[keyword] = _jsonable(value)


def _jsonable(value: Any) -> Any:
    if isinstance(value, enum.Enum):
        return value.value
    if isinstance(value, dt.date | dt.datetime):
        return value.isoformat()
    if isinstance(value, decimal.Decimal):
        return float(value)
    if isinstance(value, list | tuple):
        return [_jsonable(v) for v in value]
    return value
