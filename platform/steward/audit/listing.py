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

from steward.access.models import AgentToken, Membership
from steward.audit.models import AuditEntry
from steward.hosting.registry import hosted_apps

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
        return [(a.name, a.title) for a in hosted_apps]

    def queryset(self, request: HttpRequest, queryset: QuerySet[Any]) -> QuerySet[Any]:
        return queryset.filter(app=self.value()) if self.value() else queryset


class ActionFilter(admin.SimpleListFilter):
    """The action names the log holds (of the chosen app), read without scanning the log."""

    title, parameter_name = "action", "action"

    def lookups(self, request: HttpRequest, model_admin: Any) -> list[tuple[str, str]]:
        return [(name, name) for name in distinct_actions(request.GET.get("app"))]

    def queryset(self, request: HttpRequest, queryset: QuerySet[Any]) -> QuerySet[Any]:
        return queryset.filter(action=self.value()) if self.value() else queryset


class ActorFilter(admin.SimpleListFilter):
    """Agents (tokens) and people on a team; both tables are small."""

    title, parameter_name = "actor", "actor"

    def lookups(self, request: HttpRequest, model_admin: Any) -> list[tuple[str, str]]:
        tokens = {f"token:{n}" for n in AgentToken.objects.values_list("name", flat=True)[:200]}
        users = {
            f"user:{n}"
            for n in Membership.objects.values_list("user__username", flat=True).distinct()[:200]
        }
        return [(label, label) for label in [*sorted(tokens | users), "anonymous"]]

    def queryset(self, request: HttpRequest, queryset: QuerySet[Any]) -> QuerySet[Any]:
        return queryset.filter(actor_label=self.value()) if self.value() else queryset


# PostgreSQL has no skip scan (before 18): walk the (action) index one distinct value at a
# time, a few index probes per action name instead of a scan of millions of rows.
_DISTINCT_ACTIONS = """
WITH RECURSIVE names AS (
    (SELECT action FROM {table} WHERE {where} ORDER BY action LIMIT 1)
    UNION ALL
    SELECT (SELECT action FROM {table} WHERE action > names.action AND {where}
            ORDER BY action LIMIT 1)
    FROM names WHERE names.action IS NOT NULL
)
SELECT action FROM names WHERE action IS NOT NULL LIMIT 500
"""


def distinct_actions(app: str | None) -> list[str]:
    """The distinct action names in the log (of ``app`` when given), sorted."""
    if connection.vendor != "postgresql":
        queryset = AuditEntry.objects.order_by("action")
        if app:
            queryset = queryset.filter(app=app)
        return list(queryset.values_list("action", flat=True).distinct()[:500])
    sql = _DISTINCT_ACTIONS.format(
        table=connection.ops.quote_name(AuditEntry._meta.db_table),
        where="app = %s" if app else "TRUE",
    )
    params = [app, app] if app else []
    with connection.cursor() as cursor:
        cursor.execute(sql, params)
        return [row[0] for row in cursor.fetchall()]


CSV_FIELDS = (
    "id", "seq", "created", "actor_label", "app", "action", "status", "duration_ms", "args",
    "result", "error", "approval_id", "idempotency_key", "session_id", "run_id", "request_id",
    "client_addr", "user_agent", "prev_hash", "hash",
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
            row.append("" if value is None else value)
        yield writer.writerow(row)
