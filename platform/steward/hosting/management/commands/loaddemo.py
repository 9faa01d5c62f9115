from typing import Any

from django.core.management.base import BaseCommand

from steward.hosting.demo import load_demo


class Command(BaseCommand):
    help = "Load every hosted app's demo data (its demo.py). Safe to run again: nothing changes."

    def handle(self, *args: Any, **options: Any) -> None:
        created = load_demo()
        if not any(created.values()):
            self.stdout.write("Demo data already loaded; nothing changed.")
            return
        summary = ", ".join(f"{n} {name}" for name, n in created.items() if n)
        self.stdout.write(self.style.SUCCESS(f"Loaded demo data: {summary}."))
