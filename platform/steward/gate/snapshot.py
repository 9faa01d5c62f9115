"""An app's data as a portable snapshot (Django serializers JSON), and putting it back."""

from __future__ import annotations

import json
from typing import Any

from django.apps import apps
from django.core import serializers
from django.core.management.color import no_style
from django.db import connection, models


def app_models(app: str) -> list[type[models.Model]]:
    """The app's concrete models, each after the models it refers to."""
    config = apps.get_app_config(app)
    ordered = serializers.sort_dependencies([(config, None)], allow_cycles=True)
    return [m for m in ordered if not m._meta.proxy and m._meta.managed]


def take(app: str) -> list[dict[str, Any]]:
    """Every record of the app, in dependency order, as JSON-ready dicts."""
    objects: list[models.Model] = []
    for model in app_models(app):
        objects.extend(model._default_manager.order_by("pk"))
    data: list[dict[str, Any]] = json.loads(serializers.serialize("json", objects))
    return data


def counts(app: str) -> dict[str, int]:
    return {m._meta.label_lower: m._default_manager.count() for m in app_models(app)}


def put_back(app: str, data: list[dict[str, Any]]) -> dict[str, list[Any]]:
    """Replace the app's records with ``data``; call inside a transaction.

    Rows are removed children-first with raw deletes: the snapshot is the whole truth, and a
    per-row delete signal for every record would flood the live feed (the caller sends one
    summary event per model instead). Returns the restored ids per model.
    """
    ordered = app_models(app)
    for model in reversed(ordered):
        model._default_manager.all()._raw_delete(using=connection.alias)
    restored: dict[str, list[Any]] = {m._meta.label_lower: [] for m in ordered}
    for item in serializers.deserialize("json", json.dumps(data)):
        item.save()
        restored.setdefault(item.object._meta.label_lower, []).append(item.object.pk)
    # Foreign keys are checked at commit (deferred); check now so a bad snapshot fails here.
    connection.check_constraints(table_names=[m._meta.db_table for m in ordered])
    # Keep auto-increment sequences ahead of the restored ids (PostgreSQL needs this).
    with connection.cursor() as cursor:
        for sql in connection.ops.sequence_reset_sql(no_style(), ordered):
            cursor.execute(sql)
    return restored
