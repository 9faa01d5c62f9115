"""What keeps the audit list fast at millions of rows: bounded counts and registry-fed filters."""

from __future__ import annotations

import csv
from collections.abc import Iterator
from typing import Any

from django.contrib import admin
from django.core.paginator import Paginator
from django.db import connection
from django.db.models import QuerySet
from django.http import HttpRequest
from django.utils.functional import cached_property

from steward.audit.models import AuditEntry

COUNT_CAP = 10_000


class BoundedCountPaginator(Paginator):
    """Never counts a huge table: PostgreSQL's estimate when unfiltered, else a capped count."""

    @cached_property
    def count(self) -> int:
        qs = self.object_list
        if isinstance(qs, QuerySet):
            if connection.vendor == "postgresql" and not qs.query.where:
                with connection.cursor() as cursor:
                    cursor.execute(
                        "SELECT reltuples::bigint FROM pg_class WHERE relname = %s",
                        [qs.model._meta.db_table],
                    )
                    row = cursor.fetchone()
                if row and row[0] > COUNT_CAP:
                    return int(row[0])
            return int(qs.order_by()[: COUNT_CAP + 1].count())
        return int(super().count)


class AppFilter(admin.SimpleListFilter):
    """Choices from the hosted-app registry (a DISTINCT over the log would scan it)."""

    title, parameter_name = "app", "app"

    def lookups(self, request: HttpRequest, model_admin: Any) -> list[tuple[str, str]]:
        from steward.hosting.registry import hosted_apps

        return [(a.name, a.title) for a in hosted_apps]

    def queryset(self, request: HttpRequest, queryset: QuerySet[Any]) -> QuerySet[Any]:
        return queryset.filter(app=self.value()) if self.value() else queryset


class ActionFilter(admin.SimpleListFilter):
    title, parameter_name = "action", "action"

    def lookups(self, request: HttpRequest, model_admin: Any) -> list[tuple[str, str]]:
        from steward.actions.registry import actions

        app = request.GET.get("app")
        specs = actions.for_app(app) if app else actions.all()
        return sorted({(s.name, s.name) for s in specs})

    def queryset(self, request: HttpRequest, queryset: QuerySet[Any]) -> QuerySet[Any]:
        return queryset.filter(action=self.value()) if self.value() else queryset


class ActorFilter(admin.SimpleListFilter):
    """Agents (tokens) and people on a team; both tables are small."""

    title, parameter_name = "actor", "actor"

    def lookups(self, request: HttpRequest, model_admin: Any) -> list[tuple[str, str]]:
        from steward.access.models import AgentToken, Membership

        tokens = {f"token:{n}" for n in AgentToken.objects.values_list("name", flat=True)[:200]}
        users = {
            f"user:{n}"
            for n in Membership.objects.values_list("user__username", flat=True).distinct()[:200]
        }
        return [(label, label) for label in [*sorted(tokens | users), "anonymous"]]

    def queryset(self, request: HttpRequest, queryset: QuerySet[Any]) -> QuerySet[Any]:
        return queryset.filter(actor_label=self.value()) if self.value() else queryset


CSV_FIELDS = (
    "id", "seq", "created", "actor_label", "app", "action", "status", "duration_ms", "args",
    "result", "error", "approval_id", "idempotency_key", "session_id", "run_id", "request_id",
    "client_addr", "user_agent", "prev_hash", "hash", "key_id",
)  # fmt: skip


class _Echo:
    def write(self, value: str) -> str:
        return value


def csv_rows(queryset: QuerySet[AuditEntry]) -> Iterator[str]:
    """The entries as CSV lines, streamed in chunks (exports of any size stay flat in memory)."""
    import json

    writer = csv.writer(_Echo())
    yield writer.writerow(CSV_FIELDS)
    for entry in queryset.iterator(chunk_size=2000):
        row = []
        for name in CSV_FIELDS:
            value = getattr(entry, name)
            if name in ("args", "result", "error"):
                value = "" if value is None else json.dumps(value, sort_keys=True)
            row.append("" if value is None else _inert(value))
        yield writer.writerow(row)


_FORMULA_STARTS = ("=", "+", "-", "@", "\t", "\r")


def _inert(value: Any) -> Any:
    """A text cell a spreadsheet would run as a formula, quoted so it shows as text.

    Token names, user agents and idempotency keys come from callers; "=HYPERLINK(…)" in
    one must not execute on the auditor's machine (OWASP's advice: prefix a single quote).
    """
    if isinstance(value, str) and value.startswith(_FORMULA_STARTS):
        return "'" + value
    return value
