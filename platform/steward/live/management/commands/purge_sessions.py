"""``python manage.py purge_sessions --older-than 90d [--app X] [--dry-run]``."""

from __future__ import annotations

from typing import Any

from django.core.management.base import BaseCommand, CommandError, CommandParser

from steward.access.durations import parse_duration
from steward.hosting.registry import hosted_apps
from steward.live.retention import purge_sessions


class Command(BaseCommand):
    help = (
        "Remove sessions idle for longer than --older-than: their events, stream and row "
        "(runs and audit entries stay). Safe while the platform serves (batched deletes)."
    )

    def add_arguments(self, parser: CommandParser) -> None:
        parser.add_argument("--older-than", required=True, help="Idle for this long: 90d, 12w.")
        parser.add_argument("--app", help="Only this hosted app's sessions.")
        parser.add_argument("--dry-run", action="store_true", help="Report, remove nothing.")

    def handle(self, *args: Any, **options: Any) -> None:
        try:
            older_than = parse_duration(options["older_than"])
        except ValueError as exc:
            raise CommandError(f"--older-than: {exc}") from None
        app = options["app"]
        if app and app not in hosted_apps:
            names = ", ".join(hosted_apps.names())
            raise CommandError(f"--app {app!r} is not a hosted app: use one of {names}.")
        report = purge_sessions(older_than=older_than, app=app, dry_run=options["dry_run"])
        verb = "Would remove" if options["dry_run"] else "Removed"
        where = f" of {app}" if app else ""
        self.stdout.write(
            f"{verb} {report.sessions} session(s){where} idle for {options['older_than']} "
            f"and their {report.events} event(s); audit entries are kept."
        )
        for session_id in report.ids:
            self.stdout.write(f"  {session_id}")
