from typing import Any

from django.conf import settings
from django.core.management.base import BaseCommand, CommandParser

from steward.hosting.admins import ensure_admin


class Command(BaseCommand):
    help = (
        "Create a superuser 'admin' with a random password when no superuser exists, and print "
        "the credentials once. An existing superuser is left unchanged."
    )

    def add_arguments(self, parser: CommandParser) -> None:
        parser.add_argument("--password", help="use this password instead of a random one")

    def handle(self, *args: Any, **options: Any) -> None:
        account = ensure_admin(password=options["password"])
        login_url = f"{settings.STEWARD_PUBLIC_URL}/accounts/login/"
        if not account.created:
            self.stdout.write(
                f"A superuser already exists ({account.username}); nothing changed. "
                f"Log in at {login_url} (forgot the password? "
                f"python manage.py changepassword {account.username})."
            )
            return
        bar = "=" * 60
        self.stdout.write(
            "\n".join(
                [
                    bar,
                    self.style.SUCCESS("Steward admin account created"),
                    f"  URL:      {login_url}",
                    f"  Username: {account.username}",
                    f"  Password: {account.password}",
                    "  (shown once and not stored in clear: note it now)",
                    bar,
                ]
            )
        )
