"""One HTML form control per action parameter, read from the action's own serializer.

The serializer is what validates agents' calls and what their JSON Schema is made from, so a
page form shows the same parameters, types, choices, limits and help text an agent sees.
"""

from __future__ import annotations

import re
from dataclasses import dataclass, field
from typing import Any

from rest_framework import serializers
from rest_framework.fields import empty

# A string longer than this gets a text area rather than a one-line input.
LONG_TEXT = 255
COLUMN_WIDTH = re.compile(r"9{6,}(\.9+)?")  # a Decimal column's widest value


@dataclass
class FormField:
    """One control of an action form, ready for a template."""

    name: str
    label: str
    kind: str  # text, textarea, number, checkbox, select, date, datetime-local, email, url, list
    required: bool
    help: str = ""
    choices: list[tuple[str, str]] = field(default_factory=list)
    blank_choice: str = ""  # the label of the empty option of a select that may stay empty
    attrs: dict[str, Any] = field(default_factory=dict)  # min, max, step, minlength, maxlength
    value: str = ""
    checked: bool = False
    error: str = ""
    hidden: bool = False

    @property
    def describers(self) -> list[str]:
        """Suffixes of the ids that describe the control (its error, its help)."""
        return [s for s, on in (("error", self.error), ("help", self.help or self.limits)) if on]

    @property
    def limits(self) -> str:
        """The limits in words, shown under the control (what is allowed). Left out where the
        help already says them ("0 (weak) to 10 (strong)"); a maximum that is only the
        column's width (9999999999.99) is no limit a person meets, so it is not shown."""
        a = self.attrs
        low, high = a.get("min"), a.get("max")
        if high is not None and COLUMN_WIDTH.fullmatch(str(high)):
            high = None
        if low is not None and high is not None:
            if all(_says(self.help, bound) for bound in (low, high)):
                return ""
            return f"From {low} to {high}."
        if low is not None:
            return f"At least {low}."
        if high is not None:
            return f"At most {high}."
        if "maxlength" in a and self.kind == "textarea":
            return f"Up to {a['maxlength']} characters."
        return ""


def _says(text: str, number: Any) -> bool:
    return re.search(rf"(?<![\d.]){re.escape(str(number))}(?![\d.])", text) is not None


def label_for(name: str) -> str:
    """``company_id`` → "Company", ``close_date`` → "Close date"."""
    words = name.removesuffix("_id").replace("_", " ").strip()
    return words[:1].upper() + words[1:]


def choice_label(value: Any, label: Any) -> str:
    """DRF keeps Enum choices as value → value; make such a label read like words."""
    text = str(label)
    if text == str(value) and isinstance(value, str):
        text = value.replace("_", " ")
        return text[:1].upper() + text[1:]
    return text


def describe(name: str, drf_field: serializers.Field) -> FormField:
    """The control for one serializer field (its value and error are filled in later)."""
    help_text = str(drf_field.help_text or "")
    required = bool(drf_field.required) and drf_field.default is empty
    control = FormField(name=name, label=label_for(name), kind="text", required=required)
    control.help = help_text
    attrs = control.attrs
    if isinstance(drf_field, serializers.ChoiceField):
        control.kind = "select"
        control.choices = [(str(v), choice_label(v, lbl)) for v, lbl in drf_field.choices.items()]
        if drf_field.allow_null or (not required and drf_field.default in (empty, None, "")):
            control.blank_choice = "—"
    elif isinstance(drf_field, serializers.BooleanField):
        control.kind = "checkbox"
        control.required = False  # unticked is an answer too
    elif isinstance(drf_field, serializers.IntegerField):
        control.kind = "number"
        attrs["step"] = 1
        _limits(drf_field, attrs, min="min_value", max="max_value")
    elif isinstance(drf_field, serializers.FloatField | serializers.DecimalField):
        control.kind = "number"
        attrs["step"] = "any"
        _limits(drf_field, attrs, min="min_value", max="max_value")
    elif isinstance(drf_field, serializers.DateTimeField):
        control.kind = "datetime-local"
    elif isinstance(drf_field, serializers.DateField):
        control.kind = "date"
    elif isinstance(drf_field, serializers.ListField):
        control.kind = "list"
        control.help = (help_text + " " if help_text else "") + "One per line."
    elif isinstance(drf_field, serializers.EmailField):
        control.kind = "email"
        _limits(drf_field, attrs, maxlength="max_length")
    elif isinstance(drf_field, serializers.URLField):
        control.kind = "url"
        _limits(drf_field, attrs, maxlength="max_length")
    elif isinstance(drf_field, serializers.CharField):
        longest = drf_field.max_length
        control.kind = "textarea" if longest is None or longest > LONG_TEXT else "text"
        _limits(drf_field, attrs, minlength="min_length", maxlength="max_length")
    return control


def _limits(drf_field: serializers.Field, attrs: dict[str, Any], **names: str) -> None:
    for attr, source in names.items():
        value = getattr(drf_field, source, None)
        if value is not None:
            attrs[attr] = int(value) if float(value).is_integer() else value
