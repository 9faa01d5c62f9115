"""Turn a posted page form into an action's arguments, or say in plain words what is wrong.

Form fields arrive as text. Converting that text is the page's job (an edge parses); deciding
whether the value is allowed stays with the action's own validation in ``invoke``, which every
caller shares. Only text that cannot even become the right type stops here, with a message for
the person at the form ("31 February 2026 does not exist"), never the wire-format wording agents
get ("Send a JSON whole number here").
"""

from __future__ import annotations

import calendar
import datetime as dt
import re
from typing import Any

from django.http import QueryDict
from rest_framework import serializers
from rest_framework.fields import empty

ISO_DATE = re.compile(r"^(\d{4})-(\d{1,2})-(\d{1,2})$")


class FormProblems(Exception):
    """Some fields could not be read; ``fields`` maps each to a message for people.

    ``args`` holds the fields that could be read, so the other mistakes in the same form can
    be found and shown at once instead of one round trip each."""

    def __init__(self, fields: dict[str, str], args: dict[str, Any] | None = None) -> None:
        super().__init__("; ".join(f"{k}: {v}" for k, v in fields.items()))
        self.fields = fields
        self.args_read = args or {}


def parse_form(serializer_class: type[serializers.Serializer], data: QueryDict) -> dict[str, Any]:
    """Arguments for the action from ``data``; raises FormProblems naming each unreadable field.

    A field the form does not carry is left out (the action's default applies); an empty
    optional field is left out too, unless only "nothing" (null) can say it is empty.
    """
    args: dict[str, Any] = {}
    problems: dict[str, str] = {}
    for name, drf_field in serializer_class().fields.items():
        if drf_field.read_only or name not in data:
            continue
        raw_values = data.getlist(name)
        try:
            if isinstance(drf_field, serializers.ListField):
                args[name] = _list(drf_field, raw_values)
                continue
            raw = str(raw_values[-1]).strip()  # a checkbox follows its hidden "false"
            if raw == "":
                if _empty_is_text(drf_field):
                    args[name] = ""
                elif drf_field.allow_null:
                    args[name] = None
                elif drf_field.required and drf_field.default is empty:
                    problems[name] = _required(name, drf_field)
                continue
            args[name] = convert(drf_field, raw)
        except ValueError as exc:
            problems[name] = str(exc)
    if problems:
        raise FormProblems(problems, args)
    return args


def _required(name: str, drf_field: serializers.Field) -> str:
    """The words for a required field left empty (a list to pick from, or a box to fill)."""
    if isinstance(drf_field, serializers.ChoiceField) or name.endswith("_id"):
        return "Choose one: this field is required."
    return "Fill this in: this field is required."


def _empty_is_text(drf_field: serializers.Field) -> bool:
    """An empty text box means the empty string, except for a required field that refuses it
    but takes null (there null says "nobody"). An optional field that refuses it gets it too,
    and answers that it cannot be empty: null there would mean "keep it as it is", which a
    person who emptied the box did not ask for."""
    if not isinstance(drf_field, serializers.CharField) or isinstance(
        drf_field, serializers.ChoiceField
    ):
        return False
    return bool(drf_field.allow_blank or not drf_field.allow_null or not drf_field.required)


def _list(drf_field: serializers.ListField, raw_values: list[str]) -> list[Any]:
    items = [part.strip() for raw in raw_values for part in re.split(r"[\n,]", raw)]
    return [convert(drf_field.child, item) for item in items if item]


def convert(drf_field: serializers.Field, raw: str) -> Any:
    """One value from its text; ValueError carries the message for people."""
    if isinstance(drf_field, serializers.ChoiceField):
        for value in drf_field.choices:
            if str(value) == raw:
                return value
        return raw  # the action names the allowed choices
    if isinstance(drf_field, serializers.BooleanField):
        return raw.lower() in {"1", "true", "on", "yes"}
    if isinstance(drf_field, serializers.IntegerField):
        try:
            return int(raw)
        except ValueError:
            raise ValueError(f"“{raw}” is not a whole number. Enter digits only, like 7.") from None
    if isinstance(drf_field, serializers.FloatField | serializers.DecimalField):
        try:
            number = float(raw.replace(",", ""))
        except ValueError:
            raise ValueError(f"“{raw}” is not a number. Enter one like 1200.50.") from None
        return int(number) if number.is_integer() else number
    if isinstance(drf_field, serializers.DateTimeField):
        try:
            return dt.datetime.fromisoformat(raw).isoformat()
        except ValueError:
            date_part = raw.split("T")[0].split(" ")[0]
            parse_date(date_part)  # an impossible day says so
            raise ValueError(f"“{raw}” is not a date and time. Use 2026-12-31 14:30.") from None
    if isinstance(drf_field, serializers.DateField):
        return parse_date(raw).isoformat()
    return raw


def parse_date(raw: str) -> dt.date:
    """A calendar date from YYYY-MM-DD, with a message that tells an impossible date apart."""
    match = ISO_DATE.match(raw)
    if not match:
        raise ValueError(f"“{raw}” is not a date. Use the form 2026-12-31 (year-month-day).")
    year, month, day = (int(part) for part in match.groups())
    if not 1 <= month <= 12:
        raise ValueError(f"{raw} does not exist: there is no month {month}. Months go 1 to 12.")
    last = calendar.monthrange(year, month)[1]
    if not 1 <= day <= last:
        name = dt.date(year, month, 1).strftime("%B")
        raise ValueError(
            f"{raw} does not exist: {name} {year} has {last} days, so there is no {name} {day}."
        )
    return dt.date(year, month, day)
