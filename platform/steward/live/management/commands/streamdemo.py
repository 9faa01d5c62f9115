"""``python manage.py streamdemo <session> --events N --rate R``: a synthetic run."""

from __future__ import annotations

import json
from typing import Any

from django.core.management.base import BaseCommand, CommandError, CommandParser

from steward.live.demo import run_demo
from steward.live.exceptions import UnknownSession


class Command(BaseCommand):
    help = (
        "Stream a synthetic run into a session: run.started, N run.delta at R per second, "
        "run.completed — or run.cancelled as soon as someone stops it."
    )

    def add_arguments(self, parser: CommandParser) -> None:
        parser.add_argument("session", help="The session id (s_…).")
        parser.add_argument("--events", type=int, default=200, help="How many deltas.")
        parser.add_argument("--rate", type=float, default=50, help="Deltas per second (0: max).")

    def handle(self, *args: Any, **options: Any) -> None:
        if options["events"] < 0 or options["rate"] < 0:
            raise CommandError("--events and --rate must be 0 or more.")
        try:
            result = run_demo(
                session_id=options["session"], events=options["events"], rate=options["rate"]
            )
        except UnknownSession as exc:
            raise CommandError(str(exc)) from None
        self.stdout.write(
            json.dumps(
                {
                    "run": result.run,
                    "outcome": result.outcome,
                    "deltas": result.deltas,
                    "stopped_by": result.stopped_by,
                    "last_seq": result.last_seq,
                }
            )
        )
