"""python manage.py issue_token --app ideaboard --actions add_idea,score_idea --name codex

or, for generic streams (/ds/): issue_token --streams /v1/stream/ --scopes read,write --name cli
"""

from __future__ import annotations

import getpass
from typing import Any

from django.core.exceptions import ValidationError
from django.core.management.base import BaseCommand, CommandError, CommandParser

from steward.access.durations import parse_duration
from steward.access.teams import acting_user
from steward.actions.permissions import check_action_names
from steward.audit.trail import issue_stream_token, issue_token


class Command(BaseCommand):
    help = "Issue an agent token for one app; prints the secret (once) alone on the last line."

    def add_arguments(self, parser: CommandParser) -> None:
        parser.add_argument("--app", default="", help="The hosted app, e.g. ideaboard.")
        parser.add_argument(
            "--streams", default="", help="Generic streams instead: a path prefix under /ds/."
        )
        parser.add_argument(
            "--scopes", default="read,write,create", help="With --streams: read,write,create."
        )
        parser.add_argument("--name", required=True, help="Who uses it, e.g. codex.")
        parser.add_argument(
            "--actions", default="", help="Comma separated action names (default: all)."
        )
        parser.add_argument("--expires", default="", help="Lifetime like 30d, 12h, 90m, 2w.")
        parser.add_argument("--read-only", action="store_true", help="Only read-only actions.")
        parser.add_argument(
            "--owner", default="", help="Username of the owner (default: the first superuser)."
        )

    def handle(self, *args: Any, **opts: Any) -> None:
        owner = self._owner(opts["owner"])
        try:
            expires = parse_duration(opts["expires"]) if opts["expires"] else None
        except ValueError as exc:
            raise CommandError(f"--expires: {exc}") from None
        if opts["streams"]:
            self._streams(owner, expires, opts)
            return
        if not opts["app"]:
            raise CommandError("Pass --app <hosted app> (or --streams <prefix> for /ds/ streams).")
        names = [n.strip() for n in opts["actions"].split(",") if n.strip()] or None
        try:
            check_action_names(opts["app"], names or [])
            token, secret = issue_token(
                by=shell_user(),
                name=opts["name"],
                owner=owner,
                app=opts["app"],
                actions=names,
                read_only=opts["read_only"],
                expires=expires,
            )
        except ValidationError as exc:
            raise CommandError(" ".join(exc.messages)) from None
        scope = ", ".join(token.allowed_actions) if token.allowed_actions else "all actions"
        if token.read_only:
            scope += ", read-only"
        if token.expires:
            scope += f", expires {token.expires.isoformat()}"
        self.stdout.write(
            f"Token {token.name!r} for {token.app} ({scope}), owner "
            f"{owner.get_username()}. The secret below is shown once; use it as "
            f"'Authorization: Bearer <secret>'."
        )
        self.stdout.write(secret)

    def _streams(self, owner: Any, expires: Any, opts: dict[str, Any]) -> None:
        try:
            token, secret = issue_stream_token(
                by=shell_user(),
                name=opts["name"],
                owner=owner,
                prefix=opts["streams"],
                scopes=[s.strip() for s in opts["scopes"].split(",") if s.strip()],
                expires=expires,
            )
        except ValidationError as exc:
            raise CommandError(" ".join(exc.messages)) from None
        self.stdout.write(
            f"Token {token.name!r} for streams under /ds{token.stream_prefix} "
            f"({token.stream_scopes}), owner {owner.get_username()}. The secret below is "
            "shown once; use it as 'Authorization: Bearer <secret>'."
        )
        self.stdout.write(secret)

    def _owner(self, username: str) -> Any:
        owner = acting_user(username)
        if owner is None and username:
            raise CommandError(f"No active user is called {username!r}.")
        if owner is None:
            raise CommandError(
                "No superuser to own the token. Pass --owner <username>, or create one with "
                "'python manage.py createsuperuser'."
            )
        return owner


def shell_user() -> str:
    """Who issued the token, for the audit log: the account that ran the command."""
    try:
        return f"shell:{getpass.getuser()}"
    except (KeyError, OSError):  # a container user without a passwd entry
        return "shell"
