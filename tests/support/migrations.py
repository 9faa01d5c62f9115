"""Upgrade-in-place tests: put the test database back at an older schema, then forward."""

from __future__ import annotations

from collections.abc import Iterator
from contextlib import contextmanager

from django.core.management import call_command

from tests.support.audit import allow_test_flush


@contextmanager
def migrated_back(*targets: str) -> Iterator[None]:
    """The database at ``targets`` (``"app", "0003_name"``, as ``migrate`` takes them);
    afterwards, whatever happened, every app back at its latest migration."""
    call_command("migrate", *targets, verbosity=0)
    try:
        yield
    finally:
        call_command("migrate", verbosity=0)
        allow_test_flush()  # the forward run reinstalled the audit tables' TRUNCATE guard
