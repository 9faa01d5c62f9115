"""python manage.py checkpoint list <app> | checkpoint restore <app> <id>"""

from __future__ import annotations

import getpass
from typing import Any

from django.core.management.base import BaseCommand, CommandError, CommandParser

from steward.gate.exceptions import GateError
from steward.gate.models import Checkpoint
from steward.gate.services import restore_checkpoint


class Command(BaseCommand):
    help = "List an app's Save Gate checkpoints or restore one."

    def add_arguments(self, parser: CommandParser) -> None:
        parser.add_argument("verb", choices=["list", "restore"])
        parser.add_argument("app")
        parser.add_argument("id", nargs="?", type=int)

    def handle(self, *args: Any, verb: str, app: str, id: int | None, **options: Any) -> None:
        if verb == "list":
            for cp in Checkpoint.objects.filter(app=app).defer("data"):
                counts = ", ".join(f"{m} {n}" for m, n in cp.record_counts.items())
                self.stdout.write(
                    f"{cp.pk}\t{cp.created:%Y-%m-%d %H:%M:%S}\t{cp.created_by}\t{counts}"
                )
            return
        if id is None:
            raise CommandError(f"Which checkpoint? python manage.py checkpoint restore {app} <id>")
        try:
            restore_checkpoint(app=app, checkpoint_id=id, by=f"cli:{getpass.getuser()}")
        except GateError as exc:
            raise CommandError(str(exc)) from None
        self.stdout.write(self.style.SUCCESS(f"Restored {app} to checkpoint {id}."))
