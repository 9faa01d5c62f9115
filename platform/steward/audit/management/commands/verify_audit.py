"""python manage.py verify_audit: recompute the hash chain; exit 1 at the first broken entry."""

from __future__ import annotations

from typing import Any

from django.core.management.base import BaseCommand, CommandError

from steward.audit.chain import verify
from steward.audit.exceptions import ChainBroken


class Command(BaseCommand):
    help = "Verify the audit log's hash chain; exits 1 naming the first broken entry."

    def handle(self, *args: Any, **opts: Any) -> None:
        try:
            count = verify()
        except ChainBroken as exc:
            raise CommandError(str(exc), returncode=1) from None
        self.stdout.write(f"Audit chain intact: {count} entries verified.")
