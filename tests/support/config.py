"""Which configuration the suite runs in: embedded default or production (PostgreSQL + Redis)."""

from __future__ import annotations

from django.conf import settings
from django.db import connection


def is_production_config() -> bool:
    return connection.vendor == "postgresql" and bool(settings.REDIS_URL)


def database_url_for_subprocess() -> str:
    """A DATABASE_URL that points a child process at the test database this run uses."""
    params = connection.settings_dict
    if connection.vendor == "sqlite":
        return f"sqlite:///{params['NAME']}"
    user = params.get("USER") or "root"
    host = params.get("HOST") or "127.0.0.1"
    port = params.get("PORT") or 5432
    return f"postgres://{user}@{host}:{port}/{params['NAME']}"
