"""python manage.py prove_loop <app> "<command>": a fresh agent must operate the live app."""

from __future__ import annotations

import sys
from typing import Any

from django.core.management.base import BaseCommand, CommandError, CommandParser

from steward.access.teams import acting_user
from steward.gate.proving import Proof, prove_loop


class Command(BaseCommand):
    help = (
        "Open a new session with a fresh agent that has only the app's skill and tools, run "
        "the command, and pass only if the audit log, the data and the live feed show it."
    )

    def add_arguments(self, parser: CommandParser) -> None:
        parser.add_argument("app")
        parser.add_argument("command", help='what to ask, e.g. "add an idea called Tea"')
        parser.add_argument("--user", help="the person the agent acts for (default: a superuser)")
        parser.add_argument("--timeout", type=float, default=120.0, help="seconds (default 120)")

    def handle(self, *args: Any, **options: Any) -> None:
        from steward.hosting.registry import hosted_apps

        app = options["app"]
        if app not in hosted_apps:
            raise CommandError(f"No hosted app {app!r}. Apps: {', '.join(hosted_apps.names())}.")
        proof = prove_loop(
            app=app,
            command=options["command"],
            user=self._user(options["user"]),
            timeout=options["timeout"],
        )
        self.report(proof)
        if not proof.passed:
            sys.exit(1)

    def _user(self, username: str | None) -> Any:
        user = acting_user(username)
        if user is None and username:
            raise CommandError(f"No active user {username!r}.")
        if user is None:
            raise CommandError(
                "No superuser to act for: run python manage.py ensureadmin, or pass --user."
            )
        return user

    def report(self, proof: Proof) -> None:
        write = self.stdout.write
        write(f"Session: {proof.session_url}")
        write(
            f"Skill: {proof.app} @ {proof.skill_digest[:12]}"
            if proof.skill_digest
            else f"Skill: none (python manage.py skill generate {proof.app} --write)"
        )
        write(f"Run: {proof.run_id} ({proof.run_state}, model {proof.model or '?'})")
        write("Actions called: " + (", ".join(f"{a} [{s}]" for a, s in proof.actions) or "none"))
        write("Records changed: " + (", ".join(proof.changes) or "none"))
        write(f"Live feed events: {proof.feed_events}")
        if proof.output:
            write(f"Agent said: {proof.output.strip()}")
        if proof.passed:
            write(self.style.SUCCESS(f"PASS: a fresh agent operated {proof.app}."))
            return
        for failure in proof.failures:
            self.stderr.write(f"FAIL {failure}")
