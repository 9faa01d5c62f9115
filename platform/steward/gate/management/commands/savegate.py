"""python manage.py savegate <app>: check the app, then checkpoint it (exit 1 naming failures)."""

from __future__ import annotations

import getpass
import sys
from typing import Any

from django.core.management.base import BaseCommand, CommandError, CommandParser

from steward.gate.services import savegate


class Command(BaseCommand):
    help = "Check migrations, actions and skill of an app, then write a Checkpoint."

    def add_arguments(self, parser: CommandParser) -> None:
        parser.add_argument("app")

    def handle(self, *args: Any, app: str, **options: Any) -> None:
        from steward.hosting.registry import hosted_apps

        if app not in hosted_apps:
            raise CommandError(f"No hosted app {app!r}. Apps: {', '.join(hosted_apps.names())}.")
        result = savegate(app=app, by=f"cli:{getpass.getuser()}")
        if not result.passed:
            for failure in result.failures:
                self.stderr.write(f"FAIL {failure}")
            self.stderr.write(f"Save Gate failed for {app}: {len(result.failures)} problem(s).")
            sys.exit(1)
        checkpoint = result.checkpoint
        assert checkpoint is not None
        counts = ", ".join(f"{m} {n}" for m, n in checkpoint.record_counts.items())
        done = f"Save Gate passed for {app}: checkpoint {checkpoint.pk} ({counts})."
        self.stdout.write(self.style.SUCCESS(done))
