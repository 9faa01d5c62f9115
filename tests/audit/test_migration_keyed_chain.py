"""Migration 0004 (keyed chain) on a log full of entries: no row rewritten, the log verifies."""

from __future__ import annotations

from collections.abc import Iterator

import pytest
from django.core.management import call_command
from django.db import connection
from django.db.migrations.executor import MigrationExecutor
from django.utils import timezone

from steward.audit.chain import GENESIS, content_digest, link_hash, verify
from steward.audit.models import AuditEntry
from tests.support.migrations import migrated_back

pytestmark = [pytest.mark.django_db(transaction=True), pytest.mark.slow]
BEFORE = ("audit", "0002_chainhead_prev_hash")
ROWS = 1500


@pytest.fixture
def before_the_keyed_chain() -> Iterator[None]:
    with migrated_back(*BEFORE):
        yield


def old_log(rows: int) -> None:
    """``rows`` entries as the code before 0004 wrote them (plain sha256 links)."""
    old = MigrationExecutor(connection).loader.project_state(BEFORE).apps
    Entry, Head = old.get_model("audit", "AuditEntry"), old.get_model("audit", "ChainHead")
    previous, entries, now = GENESIS, [], timezone.now()
    for seq in range(1, rows + 1):
        entry = Entry(seq=seq, created=now, actor_label=f"token:bot{seq % 7}", app="crm",
                      action="add_company", args={"name": f"Co {seq}"}, status="ok",
                      duration_ms=1.5, prev_hash=previous)  # fmt: skip
        entry.hash = link_hash(previous, seq, content_digest(entry))
        entries.append(entry)
        previous = entry.hash
    Entry.objects.bulk_create(entries, batch_size=500)
    Head.objects.create(pk=1, seq=rows, hash=previous, prev_hash=entries[-1].prev_hash)


def rows() -> list[tuple[object, ...]]:
    with connection.cursor() as cursor:
        cursor.execute(
            "SELECT id, seq, created, actor_label, app, action, args, status, duration_ms, "
            f"prev_hash, hash FROM {AuditEntry._meta.db_table} ORDER BY seq"
        )
        return cursor.fetchall()


def test_the_migration_keeps_every_old_row_and_appends_one_signed_entry(before_the_keyed_chain):
    old_log(ROWS)
    before = rows()

    call_command("migrate", "audit", verbosity=0)

    after = rows()
    assert after[:ROWS] == before  # not one existing row rewritten
    assert AuditEntry.objects.filter(key_id__isnull=True).count() == ROWS
    marker = AuditEntry.objects.get(seq=ROWS + 1)
    assert (marker.app, marker.action, marker.key_id) == ("audit", "keyed_chain", "dev")
    assert marker.prev_hash == before[-1][-1]
    assert verify() == ROWS + 1


def test_the_migration_on_an_empty_log_appends_nothing(before_the_keyed_chain):
    call_command("migrate", "audit", verbosity=0)

    assert not AuditEntry.objects.exists()
