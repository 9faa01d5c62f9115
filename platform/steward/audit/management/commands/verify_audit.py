"""python manage.py verify_audit: recompute the hash chain; exit 1 at the first broken entry.

``--export-head`` prints the chain's last link as ``<seq>:<hash>``: keep it somewhere the
database's writers cannot reach (a ticket, a log shipper, another machine). ``--head
<seq>:<hash>`` then proves the log still holds that entry unchanged, which catches a tail
cut off with the chain head rewound to match.
"""

from __future__ import annotations

from typing import Any

from django.core.management.base import BaseCommand, CommandError, CommandParser

from steward.audit.chain import GENESIS, parse_head, verify
from steward.audit.exceptions import ChainBroken, UnknownKey


class Command(BaseCommand):
    help = "Verify the audit log's hash chain; exits 1 naming the first broken entry."

    def add_arguments(self, parser: CommandParser) -> None:
        parser.add_argument(
            "--head",
            metavar="SEQ:HASH",
            help="a head printed earlier by --export-head: the log must still hold it",
        )
        parser.add_argument(
            "--export-head",
            action="store_true",
            help="verify, then print the last link as <seq>:<hash> (to keep elsewhere)",
        )

    def handle(self, *args: Any, head: str | None, export_head: bool, **opts: Any) -> None:
        try:
            expected = parse_head(head) if head else None
        except ValueError as exc:
            raise CommandError(f"--head: {exc}", returncode=2) from None
        try:
            count = verify(head=expected)
        except (ChainBroken, UnknownKey) as exc:
            raise CommandError(str(exc), returncode=1) from None
        if export_head:
            self.stdout.write(_last_link(count))
            return
        self.stdout.write(f"Audit chain intact: {count} entries verified.")


def _last_link(count: int) -> str:
    from steward.audit.models import AuditEntry

    last = AuditEntry.objects.filter(seq=count).values_list("hash", flat=True).first()
    return f"{count}:{last or GENESIS}"
