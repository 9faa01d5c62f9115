"""Looking up the record an action names, with a not-found answer that says what to do."""

from __future__ import annotations

from typing import Any, TypeVar

from django.db.models import Model, QuerySet

from steward.actions.exceptions import RecordNotFound

M = TypeVar("M", bound=Model)


def get_record(source: type[M] | QuerySet[M], pk: Any, *, hint: str) -> M:
    """The record ``pk`` of a model (or queryset); else RecordNotFound (404) ending in ``hint``,
    e.g. ``hint="Call list_ideas to see the ideas and their ids."`` so an agent can recover."""
    queryset = source if isinstance(source, QuerySet) else source._default_manager.all()
    record = queryset.filter(pk=pk).first()
    if record is None:
        raise RecordNotFound(f"No {queryset.model._meta.verbose_name} #{pk}. {hint}")
    return record
