"""``GET /api/audit/``: the audit log for staff and admin-role tokens, with each entry's changes.

Filters: ``app``, ``action``, ``status``, ``session``, ``run``, ``record=<app>.<model>:<pk>``,
``since`` (ISO 8601). Cursor pagination, newest first. A token sees its own app's entries,
and only when its owner is an admin of that app.
"""

from __future__ import annotations

from typing import Any

from django.db.models import QuerySet
from django.utils.dateparse import parse_datetime
from drf_spectacular.types import OpenApiTypes
from drf_spectacular.utils import OpenApiParameter, extend_schema
from rest_framework import serializers
from rest_framework.exceptions import PermissionDenied, ValidationError
from rest_framework.generics import ListAPIView
from rest_framework.pagination import CursorPagination
from rest_framework.request import Request

from steward.access.actors import Actor, actor_of
from steward.access.roles import Role
from steward.audit.models import AuditEntry, RecordChange

FILTERS = {"app": "app", "action": "action", "status": "status", "session": "session_id",
           "run": "run_id"}  # fmt: skip


class AuditEntrySerializer(serializers.ModelSerializer[AuditEntry]):
    class Meta:
        model = AuditEntry
        fields = [
            "seq", "created", "actor_label", "app", "action", "status", "args", "result",
            "error", "changes", "session_id", "run_id", "approval_id", "duration_ms", "hash",
        ]  # fmt: skip


class NewestFirst(CursorPagination):
    ordering = "-seq"
    page_size = 100
    max_page_size = 500
    page_size_query_param = "limit"

    def get_page_size(self, request: Request) -> int:
        # DRF reads a limit it cannot use (null, 0, 9999) as "the default page": refuse it.
        raw = request.query_params.get(self.page_size_query_param)
        if raw is None:
            return self.page_size
        if not (raw.isascii() and raw.isdigit() and 1 <= int(raw) <= self.max_page_size):
            raise ValidationError(
                {"limit": [f"Use a whole number from 1 to {self.max_page_size}; got {raw!r}."]}
            )
        return int(raw)

    def get_schema_operation_parameters(self, view: Any) -> list[dict[str, Any]]:
        parameters = super().get_schema_operation_parameters(view)
        for parameter in parameters:
            if parameter["name"] == self.page_size_query_param:
                parameter["description"] = f"Entries per page, 1 to {self.max_page_size}."
                parameter["schema"].update(
                    {"default": self.page_size, "minimum": 1, "maximum": self.max_page_size}
                )
        return parameters


def _scope(actor: Actor | None) -> str | None:
    """The app a caller may read the log of (None: every app); raises PermissionDenied."""
    if actor is not None and actor.token is None and actor.user.is_staff:
        return None
    token = actor.token if actor is not None else None
    if actor is not None and token is not None and actor.role(token.app) == Role.ADMIN:
        return token.app
    raise PermissionDenied(
        "The audit log is for staff, or a token whose owner is an admin of the token's app."
    )


@extend_schema(
    parameters=[
        OpenApiParameter(name, OpenApiTypes.STR, description=f"only entries with this {name}")
        for name in [*FILTERS, "record", "since"]
    ]
)
class AuditListView(ListAPIView[AuditEntry]):
    serializer_class = AuditEntrySerializer
    pagination_class = NewestFirst

    def get_queryset(self) -> QuerySet[AuditEntry]:
        request: Request = self.request
        app = _scope(actor_of(request))
        entries = AuditEntry.objects.all()
        if app is not None:
            entries = entries.filter(app=app)
        params = request.query_params
        for name, column in FILTERS.items():
            if params.get(name):
                entries = entries.filter(**{column: params[name]})
        if params.get("record"):
            entries = entries.filter(pk__in=_record_entries(params["record"]))
        if params.get("since"):
            since = parse_datetime(params["since"])
            if since is None:
                raise ValidationError({"since": ["Use an ISO 8601 time, like 2026-12-01T09:00Z."]})
            entries = entries.filter(created__gte=since)
        return entries


def _record_entries(raw: str) -> Any:
    model, _, pk = raw.rpartition(":")
    if not model.count(".") == 1 or not pk:
        raise ValidationError(
            {"record": ["Name a record as <app>.<model>:<pk>, like ideaboard.idea:3."]}
        )
    return RecordChange.objects.filter(model=model.lower(), record_pk=pk).values("entry_id")
