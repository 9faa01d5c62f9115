"""python manage.py skill generate|validate|sync [name ...]"""

from __future__ import annotations

from typing import Any

from django.core.management.base import BaseCommand, CommandError, CommandParser

from steward.skills import disk
from steward.skills.generation import apply, generate
from steward.skills.services import current_text_by_name
from steward.skills.sync import sync
from steward.skills.validation import validate_text


class Command(BaseCommand):
    help = "Generate an app's SKILL.md from its actions, validate skills, sync disk and database."

    def add_arguments(self, parser: CommandParser) -> None:
        parser.add_argument("verb", choices=["generate", "validate", "sync"])
        parser.add_argument("names", nargs="*", help="apps (generate) or skills; default: all")
        parser.add_argument(
            "--write", action="store_true", help="generate: apply the change (else show the diff)"
        )

    def handle(self, *args: Any, verb: str, names: list[str], write: bool, **options: Any) -> None:
        getattr(self, f"do_{verb}")(names, write)

    def do_generate(self, names: list[str], write: bool) -> None:
        from steward.hosting.exceptions import UnknownApp
        from steward.hosting.registry import hosted_apps

        for app in names or hosted_apps.names():
            try:
                generated = generate(app)
            except UnknownApp as exc:
                known = ", ".join(hosted_apps.names())
                raise CommandError(f"{exc} Hosted apps: {known}.") from None
            path = disk.skill_path(generated.name)
            if not generated.changed:
                self.stdout.write(f"{path}: up to date.")
                continue
            self.stdout.write(generated.diff)
            if write:
                version = apply(generated)
                done = f"Wrote {path} (version {version.digest[:12]})."
                self.stdout.write(self.style.SUCCESS(done))
            else:
                self.stdout.write(self.style.WARNING(f"{path} not written: rerun with --write."))

    def do_validate(self, names: list[str], write: bool) -> None:
        failed = False
        from steward.skills.models import Skill

        everything = set(disk.names()) | set(Skill.objects.values_list("name", flat=True))
        for name in names or sorted(everything):
            text = disk.read(name) or current_text_by_name(name)
            problems = ["no SKILL.md on disk or in the database"] if text is None else []
            problems += validate_text(text, folder=name) if text is not None else []
            if problems:
                failed = True
                for problem in problems:
                    self.stderr.write(f"{name}: {problem}")
            else:
                self.stdout.write(self.style.SUCCESS(f"{name}: valid."))
        if failed:
            raise CommandError("Some skills are invalid (see above).")

    def do_sync(self, names: list[str], write: bool) -> None:
        report = sync(names or None)
        for label, items in (
            ("disk → database", report.to_database),
            ("database → disk", report.to_disk),
            ("in sync", report.unchanged),
        ):
            for name in items:
                self.stdout.write(f"{name}: {label}")
        for name in report.conflicts:
            self.stderr.write(
                f"{name}: CONFLICT, changed on disk and in the database; the newest text won, "
                "the other is kept in the version history (see admin)."
            )
        for name, problems in report.invalid.items():
            self.stderr.write(f"{name}: not synced, invalid: {'; '.join(problems)}")
        if report.invalid:
            raise CommandError("Fix the invalid skills and sync again.")
