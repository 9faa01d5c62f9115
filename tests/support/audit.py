"""Audit test helpers: tampering as someone who owns the database would, and test flushes.

On PostgreSQL, migration audit/0004 installs triggers that refuse UPDATE, DELETE and
TRUNCATE on the audit tables. Tests that play the attacker switch the row triggers off the
way a table owner could (ALTER TABLE … DISABLE TRIGGER); the keyed chain must catch them.
"""

from __future__ import annotations

from collections.abc import Iterator
from contextlib import contextmanager

from django.db import connection

ROW_TRIGGERS = {
    "audit_auditentry": ("audit_entry_append_only",),
    "audit_recordchange": ("audit_record_append_only",),
    "audit_chainhead": ("audit_head_forward_only", "audit_head_no_delete"),
}
TRUNCATE_TRIGGERS = {
    "audit_auditentry": "audit_entry_no_truncate",
    "audit_recordchange": "audit_record_no_truncate",
    "audit_chainhead": "audit_head_no_truncate",
}


def _alter(action: str, triggers: dict[str, tuple[str, ...]]) -> None:
    if connection.vendor != "postgresql":
        return
    with connection.cursor() as cursor:
        # ALTER TABLE waits for no deferred foreign-key check of this transaction: run them.
        cursor.execute("SET CONSTRAINTS ALL IMMEDIATE")
        for table, names in triggers.items():
            for name in names:
                cursor.execute(f"ALTER TABLE {table} {action} TRIGGER {name}")
        cursor.execute("SET CONSTRAINTS ALL DEFERRED")  # Django's foreign keys are deferred


@contextmanager
def tampering() -> Iterator[None]:
    """Raw UPDATE / DELETE on the audit tables allowed inside (PostgreSQL refuses them)."""
    _alter("DISABLE", ROW_TRIGGERS)
    try:
        yield
    finally:
        _alter("ENABLE", ROW_TRIGGERS)


def allow_test_flush() -> None:
    """Tests that commit are cleaned up with TRUNCATE (Django's flush): let it through.

    Only the test database is changed, and only for TRUNCATE; tests/audit/test_database_guard
    switches the trigger back on to prove the migration installed it.
    """
    _alter("DISABLE", {table: (name,) for table, name in TRUNCATE_TRIGGERS.items()})
