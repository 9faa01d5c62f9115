import json
from typing import Any

from django.core.management.base import BaseCommand, CommandError, CommandParser

from steward.hosting.exceptions import UnknownApp
from steward.hosting.modelreview import review
from steward.hosting.modelreview_text import render_text
from steward.hosting.registry import hosted_apps


class Command(BaseCommand):
    help = (
        "Review a hosted app's data model: tables, fields (type, null/blank, default, choices, "
        "max length), relations, constraints and indexes."
    )

    def add_arguments(self, parser: CommandParser) -> None:
        parser.add_argument("app", help="the hosted app's name, e.g. ideaboard")
        parser.add_argument("--format", choices=["text", "json"], default="text")

    def handle(self, *args: Any, **options: Any) -> None:
        try:
            result = review(options["app"])
        except UnknownApp as exc:
            known = ", ".join(hosted_apps.names()) or "none"
            raise CommandError(f"{exc} Hosted apps: {known}.") from None
        if options["format"] == "json":
            self.stdout.write(json.dumps(result, indent=2))
        else:
            self.stdout.write(render_text(result), ending="")
