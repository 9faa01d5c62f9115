from pathlib import Path
from typing import Any

from django.conf import settings
from django.core.management.base import BaseCommand, CommandError, CommandParser

from steward.hosting.exceptions import InvalidAppName
from steward.hosting.scaffolding import startsite


class Command(BaseCommand):
    help = (
        "Scaffold a new hosted app in apps/<name>/: manifest, an example model, actions.py ready "
        "for Safe Actions, a page, urls and a test module."
    )

    def add_arguments(self, parser: CommandParser) -> None:
        parser.add_argument("name", help="a lowercase identifier, e.g. helpdesk")
        parser.add_argument(
            "--directory",
            type=Path,
            default=settings.APPS_DIR,
            help="the apps package to create it in (default: apps/)",
        )

    def handle(self, *args: Any, **options: Any) -> None:
        name = options["name"]
        try:
            written = startsite(name, options["directory"])
        except InvalidAppName as exc:
            raise CommandError(f"{exc} Nothing was written.") from None
        root = written[0].parent
        self.stdout.write(self.style.SUCCESS(f"Created app {name!r} in {root}:"))
        for path in written:
            self.stdout.write(f"  {path.relative_to(root)}")
        self.stdout.write(
            "Next:\n"
            f"  python manage.py makemigrations {name}\n"
            "  python manage.py migrate\n"
            f"  then open /apps/{name}/ (it is on the dashboard) and add Safe Actions in "
            "actions.py."
        )
