"""PostgreSQL itself refuses to change or remove audit rows (triggers from migration 0004)."""

from __future__ import annotations

import pytest
from django.db import DatabaseError, connection, transaction

from steward.audit.chain import verify
from steward.audit.models import AuditEntry, ChainHead
from steward.audit.services import record
from tests.support.audit import TRUNCATE_TRIGGERS

pytestmark = [pytest.mark.production, pytest.mark.django_db]
ENTRIES, HEAD = AuditEntry._meta.db_table, ChainHead._meta.db_table


@pytest.fixture
def log() -> list[AuditEntry]:
    for i in range(3):
        record(actor_label="user:alice", app="ideaboard", action="add_idea", status="ok",
               args={"title": f"idea {i}"})  # fmt: skip
    return list(AuditEntry.objects.order_by("seq"))


def refused(sql: str, params: list[object] | None = None) -> str:
    """Run ``sql`` as raw SQL (what someone with the database's password can do)."""
    with pytest.raises(DatabaseError) as caught, transaction.atomic(), connection.cursor() as c:
        c.execute("SET CONSTRAINTS ALL IMMEDIATE")
        c.execute(sql, params)
    return str(caught.value)


def test_the_database_refuses_to_update_an_audit_entry(log):
    message = refused(f"UPDATE {ENTRIES} SET status = 'denied' WHERE id = %s", [log[1].pk])

    assert "append-only: UPDATE on audit_auditentry is refused" in message
    assert AuditEntry.objects.get(pk=log[1].pk).status == "ok"


def test_the_database_refuses_to_delete_an_audit_entry(log):
    message = refused(f"DELETE FROM {ENTRIES} WHERE seq = 3")

    assert "append-only: DELETE on audit_auditentry is refused" in message
    assert verify() == 3


def test_the_database_refuses_to_rewind_or_remove_the_chain_head(log):
    rewind = refused(f"UPDATE {HEAD} SET seq = 2, hash = %s WHERE id = 1", [log[1].hash])
    assert "only moves forward" in rewind
    assert "DELETE on audit_chainhead is refused" in refused(f"DELETE FROM {HEAD}")
    assert verify() == 3


def test_the_database_refuses_to_truncate_the_audit_tables(log):
    # The test database lets Django's flush TRUNCATE (tests/support/audit.py); switch the
    # migration's trigger back on, in this test's transaction only.
    with connection.cursor() as cursor:
        cursor.execute("SET CONSTRAINTS ALL IMMEDIATE")
        for table, trigger in TRUNCATE_TRIGGERS.items():
            cursor.execute(f"ALTER TABLE {table} ENABLE TRIGGER {trigger}")

    assert "TRUNCATE on audit_auditentry is refused" in refused(f"TRUNCATE {ENTRIES} CASCADE")
    assert "TRUNCATE on audit_chainhead is refused" in refused(f"TRUNCATE {HEAD}")
    assert verify() == 3


def test_appending_still_works_under_the_triggers(log):
    record(actor_label="user:alice", app="crm", action="add_company", status="ok")

    assert verify() == 4
