"""The hash chain: verify_audit recomputes it and names the first tampered entry."""

from __future__ import annotations

import io
import itertools

import pytest
from django.core.management import call_command
from django.db import connection

from steward.access.actors import Actor
from steward.actions.exceptions import ActionError
from steward.actions.services import invoke
from steward.audit.chain import GENESIS, entry_hash
from steward.audit.models import AuditEntry
from tests.support.audit import tampering

pytestmark = pytest.mark.django_db


def some_calls(alice, n=3):
    actor = Actor.for_user(alice)
    for i in range(n):
        invoke(actor=actor, app="ideaboard", name="add_idea", args={"title": f"idea {i}"})
    with pytest.raises(ActionError):
        invoke(actor=actor, app="ideaboard", name="score_idea", args={"idea_id": 999, "score": 3})
    return list(AuditEntry.objects.order_by("seq"))


def verify() -> tuple[int, str]:
    out, err = io.StringIO(), io.StringIO()
    try:
        call_command("verify_audit", stdout=out, stderr=err)
    except SystemExit as exc:
        return int(exc.code or 0), err.getvalue()
    except Exception as exc:  # CommandError when called in-process
        return getattr(exc, "returncode", 1), str(exc)
    return 0, out.getvalue()


def test_entries_link_each_to_the_one_before(alice):
    entries = some_calls(alice)

    assert [e.seq for e in entries] == [1, 2, 3, 4]
    assert entries[0].prev_hash == GENESIS
    for before, after in itertools.pairwise(entries):
        assert after.prev_hash == before.hash
    assert all(entry_hash(e) == e.hash for e in entries)


def test_verify_audit_passes_on_an_intact_log(alice):
    some_calls(alice)

    code, output = verify()

    assert code == 0
    assert "4 entries verified" in output


def test_verify_audit_names_the_first_entry_changed_behind_its_back(alice):
    entries = some_calls(alice)
    target = entries[1]
    with tampering(), connection.cursor() as cursor:
        cursor.execute(
            f"UPDATE {AuditEntry._meta.db_table} SET status = 'denied' WHERE id = %s", [target.pk]
        )

    code, output = verify()

    assert code == 1
    assert f"entry id={target.pk} (seq 2" in output
    assert "contents do not match" in output


def test_verify_audit_notices_a_deleted_entry(alice):
    entries = some_calls(alice)
    with tampering(), connection.cursor() as cursor:
        cursor.execute(f"DELETE FROM {AuditEntry._meta.db_table} WHERE id = %s", [entries[1].pk])

    code, output = verify()

    assert code == 1
    assert f"entry id={entries[2].pk}" in output


def test_verify_audit_exits_1_from_the_command_line(alice, transactional_db):
    import subprocess
    import sys

    from tests.support.servers import ROOT, subprocess_env

    entries = some_calls(alice, n=2)
    with tampering(), connection.cursor() as cursor:
        cursor.execute(
            f"UPDATE {AuditEntry._meta.db_table} SET args = %s WHERE id = %s",
            ['{"title": "forged"}', entries[0].pk],
        )

    result = subprocess.run(
        [sys.executable, "manage.py", "verify_audit"], cwd=ROOT, env=subprocess_env(),
        capture_output=True, text=True, timeout=120,
    )  # fmt: skip

    assert result.returncode == 1, result.stdout + result.stderr
    assert f"entry id={entries[0].pk} (seq 1" in result.stderr


def test_verify_audit_notices_entries_removed_from_the_end(alice):
    entries = some_calls(alice)
    with tampering(), connection.cursor() as cursor:
        cursor.execute(f"DELETE FROM {AuditEntry._meta.db_table} WHERE id = %s", [entries[-1].pk])

    code, output = verify()

    assert code == 1
    assert "entries after seq 3 are missing" in output
