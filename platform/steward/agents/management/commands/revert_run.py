"""``python manage.py revert_run <run_id> [--force] [--as <username>]``: undo an agent's run."""

from __future__ import annotations

import json
from typing import Any

from django.core.management.base import BaseCommand, CommandError, CommandParser

from steward.access.actors import Actor
from steward.access.teams import acting_user
from steward.actions.exceptions import ActionError
from steward.agents.exceptions import RunNotFound
from steward.agents.reverts import revert_run


class Command(BaseCommand):
    help = "Undo what an agent run's calls changed (newest first, one transaction, audited)."

    def add_arguments(self, parser: CommandParser) -> None:
        parser.add_argument("run_id", help="The run (r_…), as the session and the audit show it.")
        parser.add_argument(
            "--force", action="store_true", help="Overwrite records changed since (admins)."
        )
        parser.add_argument(
            "--as", dest="username", default="", help="Who reverts (default: the first superuser)."
        )

    def handle(self, *args: Any, **opts: Any) -> None:
        user = acting_user(opts["username"])
        if user is None:
            raise CommandError("No such active user; pass --as <username> of an app admin.")
        try:
            entry = revert_run(
                run_id=opts["run_id"], actor=Actor.for_user(user), force=opts["force"]
            )
        except (ActionError, RunNotFound) as exc:
            fields = getattr(exc, "fields", None)
            detail = f" {json.dumps(fields)}" if fields else ""
            raise CommandError(f"{exc}{detail}") from None
        count = len(entry.changes or [])
        self.stdout.write(
            f"Reverted run {opts['run_id']}: {count} record change(s), audit #{entry.seq}."
        )
