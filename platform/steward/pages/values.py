"""Stored values as people read them, the same on every page (record page, record history,
an action's result, an app's board): a choice's label, Yes/No, money as "$15,000", a date as
"2 Dec 2026", a related record or a person by name.

Money is a ``DecimalField`` with two decimal places: the platform has no currency field, and
every such field the hosted apps declare is an amount of money. Form inputs never go through
here: a number box holds 15000.00, a date box 2026-12-02.
"""

from __future__ import annotations

from collections import defaultdict
from collections.abc import Iterable
from datetime import date, datetime
from decimal import Decimal
from typing import Any

from django.core.exceptions import ValidationError
from django.db import models
from django.template.defaultfilters import floatformat
from django.utils import dateformat, timezone
from django.utils.dateparse import parse_date, parse_datetime

CURRENCY = "$"
DATE = "j M Y"  # 2 Dec 2026
DATETIME = "j M Y, H:i"  # 2 Dec 2026, 15:04 (the site's time zone)

# (related model label, the field the key is of, the key) -> the related record's name
Names = dict[tuple[str, str, Any], str]


def money(amount: Any) -> str:
    """ "$15,000", or "$15,000.50" when there are cents."""
    return f"{CURRENCY}{floatformat(amount, '-2g')}"


def day(moment: date | datetime) -> str:
    """ "2 Dec 2026", or "2 Dec 2026, 15:04" for a moment, in the site's time zone."""
    if isinstance(moment, datetime):
        return dateformat.format(
            timezone.localtime(moment) if timezone.is_aware(moment) else moment, DATETIME
        )
    return dateformat.format(moment, DATE)


def person_name(record: Any) -> str:
    """A user's full name (or username when they have none); any other record's text."""
    if hasattr(record, "get_username"):
        return record.get_full_name() or record.get_username()
    return str(record)


def is_money(f: models.Field) -> bool:
    return isinstance(f, models.DecimalField) and f.decimal_places == 2


def for_people(f: models.Field, raw: Any, names: Names) -> Any:
    """``raw`` (a value of field ``f``, as Python or as stored in JSON) as a person reads it;
    None stays None (the page draws a dash). ``names`` comes from ``related_names``."""
    if raw is None:
        return None
    if isinstance(f, models.ForeignKey):
        return _related_for_people(f, raw, names)
    if f.choices:
        return dict(f.flatchoices).get(raw, raw)
    if isinstance(f, models.BooleanField):
        return "Yes" if raw else "No"
    if isinstance(f, models.DateTimeField):
        moment = parse_datetime(raw) if isinstance(raw, str) else raw
        return day(moment) if isinstance(moment, datetime) else raw
    if isinstance(f, models.DateField):
        when = parse_date(raw) if isinstance(raw, str) else raw
        return day(when) if isinstance(when, date) else raw
    if is_money(f) and isinstance(raw, str | int | float | Decimal):
        return money(raw)
    return raw


def related_names(values: Iterable[tuple[models.Field, Any]]) -> Names:
    """The names of every related record the ``(field, raw)`` pairs point to ("Kestrel
    Logistics", "Sam Okafor"), one query per related model and key, however many there are.
    A record that is gone has no name here."""
    wanted: dict[tuple[Any, str], set[Any]] = defaultdict(set)
    for f, raw in values:
        if isinstance(f, models.ForeignKey) and raw is not None and (key := related_key(f, raw)):
            wanted[(f.related_model, key[1])].add(key[2])
    names: Names = {}
    for (model, key_field), keys in wanted.items():
        label = model._meta.label_lower
        by_key = model._default_manager.in_bulk(list(keys), field_name=key_field)
        names.update({(label, key_field, k): person_name(r) for k, r in by_key.items()})
    return names


def related_key(f: models.ForeignKey, raw: Any) -> tuple[str, str, Any] | None:
    """The stored key as the database gives it back, so that "4" and 4, or a UUID and its
    text, find the same record; a person also by username (actions' results name people so).
    None for a value no record could have."""
    related: Any = f.related_model  # a model class once the app registry is ready
    try:
        return (related._meta.label_lower, f.target_field.name, f.target_field.to_python(raw))
    except ValidationError:
        username = getattr(related, "USERNAME_FIELD", None)
        if username and isinstance(raw, str):
            return (related._meta.label_lower, username, raw)
        return None


def _related_for_people(f: models.ForeignKey, raw: Any, names: Names) -> Any:
    key = related_key(f, raw)
    if key is None:  # already a name ("company": "Kestrel Logistics" in a result)
        return raw
    found = names.get(key)
    if found is not None:
        return found
    return f"#{raw}" if key[1] == f.target_field.name else raw
