"""python manage.py purge_streams: delete expired generic streams (run it from cron).

Readers and writers already treat an expired stream as gone (and remove it when they meet
it); this removes the ones nobody touches again, with their data.
"""

from __future__ import annotations

from typing import Any

from django.core.management.base import BaseCommand

from steward.ds.lifecycle import purge_expired


class Command(BaseCommand):
    help = "Delete expired /ds/ streams (soft-deleting those that forks still use)."

    def handle(self, *args: Any, **opts: Any) -> None:
        gone = purge_expired()
        self.stdout.write(f"Purged {gone} expired stream{'s' if gone != 1 else ''}.")
