"""python manage.py purge_idempotency_keys: delete keys older than their TTL."""

from __future__ import annotations

from typing import Any

from django.core.management.base import BaseCommand

from steward.actions.idempotency import purge_expired


class Command(BaseCommand):
    help = "Delete expired idempotency keys (STEWARD_IDEMPOTENCY_TTL_HOURS)."

    def handle(self, *args: Any, **opts: Any) -> None:
        self.stdout.write(f"Purged {purge_expired()} expired idempotency keys.")
