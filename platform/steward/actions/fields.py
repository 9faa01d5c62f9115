"""DRF fields stricter than DRF's defaults where agents need it: every JSON request body's
text (action parameters, and the platform's own request serializers) uses StrictCharField.

DRF's CharField turns ``123`` into ``"123"`` and its BooleanField accepts ``"yes"``; an agent
that sends the wrong JSON type should hear so, with the field named.
"""

from __future__ import annotations

from typing import Any

from rest_framework import serializers


class StrictCharField(serializers.CharField):
    default_error_messages = {
        "not_a_string": "Send a JSON string here, not {kind}.",
        "blank": "This cannot be empty or only spaces.",
    }

    def to_internal_value(self, data: Any) -> str:
        if not isinstance(data, str):
            self.fail("not_a_string", kind=type(data).__name__)
        return str(super().to_internal_value(data))


class StrictBooleanField(serializers.BooleanField):
    default_error_messages = {"not_a_bool": "Send JSON true or false here, not {kind}."}

    def to_internal_value(self, data: Any) -> bool:
        if not isinstance(data, bool):
            self.fail("not_a_bool", kind=type(data).__name__)
        return data


class StrictIntegerField(serializers.IntegerField):
    default_error_messages = {"not_an_int": "Send a JSON whole number here, not {kind}."}

    def to_internal_value(self, data: Any) -> int:
        if isinstance(data, bool) or not isinstance(data, int):
            self.fail("not_an_int", kind=type(data).__name__)
        return int(super().to_internal_value(data))


class StrictFloatField(serializers.FloatField):
    default_error_messages = {"not_a_number": "Send a JSON number here, not {kind}."}

    def to_internal_value(self, data: Any) -> float:
        if isinstance(data, bool) or not isinstance(data, int | float):
            self.fail("not_a_number", kind=type(data).__name__)
        return float(super().to_internal_value(data))
