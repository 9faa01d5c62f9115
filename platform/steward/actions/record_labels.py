"""The record an action's arguments name, in words: for people deciding or reading a call."""

from __future__ import annotations

from typing import Any


def record_label(app: str, args: Any) -> str:
    """The record a call names (``idea_id: 9`` → "Idea #9 “Kites”"), or "" when none is found.

    The model is the app's model named like the argument (``idea_id`` → ``Idea``)."""
    from django.apps import apps as django_apps

    if not isinstance(args, dict):
        return ""
    for key, value in args.items():
        if not (key.endswith("_id") and isinstance(value, int)):
            continue
        try:
            model = django_apps.get_model(app, key.removesuffix("_id").replace("_", ""))
        except (LookupError, ValueError):
            continue
        record = model._default_manager.filter(pk=value).first()
        name = str(model._meta.verbose_name).capitalize()
        if record is None:
            return f"{name} #{value} (no longer exists)"
        title = getattr(record, "title", None) or getattr(record, "name", None) or str(record)
        return f"{name} #{value} “{title}”"
    return ""
