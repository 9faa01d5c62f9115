"""The keyed chain: whoever can write the database cannot rewrite, re-hash or cut the log."""

from __future__ import annotations

import io
import json
import re

import pytest
from django.core.management import call_command
from django.core.management.base import CommandError
from django.db import connection
from django.utils import timezone

from steward.audit.chain import (
    GENESIS,
    content_digest,
    entry_hash,
    entry_key,
    keyed_link_hash,
    link_hash,
    verify,
)
from steward.audit.exceptions import ChainBroken, UnknownKey
from steward.audit.models import AuditEntry, ChainHead
from steward.audit.services import record
from tests.support.audit import tampering

pytestmark = pytest.mark.django_db
TABLE = AuditEntry._meta.db_table


def calls(n: int) -> list[AuditEntry]:
    for i in range(n):
        record(actor_label="user:alice", app="ideaboard", action="add_idea", status="ok",
               args={"title": f"idea {i}"})  # fmt: skip
    return list(AuditEntry.objects.order_by("seq"))


def verify_audit(*args: str) -> tuple[int, str]:
    out = io.StringIO()
    try:
        call_command("verify_audit", *args, stdout=out)
    except CommandError as exc:
        return exc.returncode, str(exc)
    return 0, out.getvalue()


def set_row(entry_id: int, **values: object) -> None:
    sets = ", ".join(f"{name} = %s" for name in values)
    with tampering(), connection.cursor() as cursor:
        cursor.execute(f"UPDATE {TABLE} SET {sets} WHERE id = %s", [*values.values(), entry_id])


def set_head(seq: int, hash: str, prev_hash: str) -> None:
    with tampering():
        ChainHead.objects.filter(pk=1).update(seq=seq, hash=hash, prev_hash=prev_hash)


def test_new_entries_are_signed_with_the_first_key(settings):
    settings.STEWARD_AUDIT_KEYS = {"k2": "n" * 40, "k1": "o" * 40}
    [entry] = calls(1)

    assert entry.key_id == "k2"
    digest = content_digest(entry)
    assert entry.hash == keyed_link_hash(entry_key(b"n" * 40, digest), GENESIS, 1, digest)
    assert entry.hash != link_hash(GENESIS, 1, digest)
    assert (
        AuditEntry.objects.calls().get().hash == entry.hash
    )  # the database computed the same HMAC


@pytest.mark.parametrize("how", ["guessed_key", "unsigned_from_the_change", "unsigned_all"])
def test_rewriting_an_entry_and_rehashing_every_later_one_is_caught(how):
    entries = calls(5)
    # The attacker forges entry 2 and re-links every later entry as one can without the
    # key: an HMAC under a guessed key, or plain sha256 links with the key ids removed
    # (from the forged entry on, or from the very first entry).
    start = 0 if how == "unsigned_all" else 1
    previous = GENESIS if start == 0 else entries[0].hash
    for entry in entries[start:]:
        if entry.seq == 2:
            entry.args = {"title": "forged"}
        if how != "guessed_key":
            entry.key_id = None
        digest = content_digest(entry)
        if how == "guessed_key":
            forged = keyed_link_hash(entry_key(b"guess", digest), previous, entry.seq, digest)
        else:
            forged = link_hash(previous, entry.seq, digest)
        set_row(entry.pk, args=json.dumps(entry.args), hash=forged, prev_hash=previous,
                key_id=entry.key_id)  # fmt: skip
        entry.prev_hash, entry.hash, previous = previous, forged, forged
    set_head(5, entries[-1].hash, entries[-1].prev_hash)

    code, output = verify_audit()

    assert code == 1, output
    assert "Audit chain broken" in output


def test_deleting_the_last_entries_and_rewinding_the_head_is_caught_by_an_exported_head():
    entries = calls(5)
    code, exported = verify_audit("--export-head")
    assert code == 0 and re.fullmatch(r"5:[0-9a-f]{64}\n", exported), exported
    assert exported.strip() == f"5:{entries[-1].hash}"

    with tampering(), connection.cursor() as cursor:
        cursor.execute(f"DELETE FROM {TABLE} WHERE seq > 3")
    set_head(3, entries[2].hash, entries[2].prev_hash)

    assert verify_audit()[0] == 0  # the database alone cannot tell: it was rewound to match
    code, output = verify_audit("--head", exported.strip())
    assert code == 1
    assert "exported earlier was at seq 5" in output and "ends at seq 3" in output


def test_an_exported_head_whose_entry_changed_is_caught():
    calls(3)
    code, output = verify_audit("--head", "2:" + "a" * 64)

    assert code == 1
    assert "seq 2" in output and "rewritten" in output


def test_an_exported_head_that_still_holds_verifies():
    calls(3)
    _, exported = verify_audit("--export-head")
    calls(2)

    code, output = verify_audit("--head", exported.strip())

    assert code == 0 and "5 entries verified" in output


def test_a_malformed_head_says_what_it_takes():
    code, output = verify_audit("--head", "five")

    assert code == 2 and "<seq>:<64 hex digits>" in output


def test_entries_signed_with_a_rotated_key_still_verify(settings):
    settings.STEWARD_AUDIT_KEYS = {"k1": "o" * 40}
    calls(2)
    settings.STEWARD_AUDIT_KEYS = {"k2": "n" * 40, "k1": "o" * 40}  # k2 signs; k1 verifies
    entries = calls(2)

    assert [e.key_id for e in entries] == ["k1", "k1", "k2", "k2"]
    assert verify() == 4

    settings.STEWARD_AUDIT_KEYS = {"k2": "n" * 40}  # k1 dropped too early
    with pytest.raises(UnknownKey, match=r"key id 'k1'.*k1:<old>"):
        verify()


def test_entries_written_before_the_keyed_chain_keep_verifying_with_plain_links():
    # Written as the code before migration 0004 did: no key id, plain sha256 links.
    previous = GENESIS
    for seq in (1, 2):
        entry = AuditEntry(seq=seq, created=timezone.now(), actor_label="user:old", app="crm",
                           action="add_company", status="ok", prev_hash=previous)  # fmt: skip
        entry.hash = link_hash(previous, seq, content_digest(entry))
        entry.save(force_insert=True)
        ChainHead.objects.update_or_create(
            pk=1, defaults={"seq": seq, "hash": entry.hash, "prev_hash": previous}
        )
        previous = entry.hash
    with pytest.raises(ChainBroken, match="none of its 2 entries is signed"):
        verify()  # an unsigned log alone: migration 0004 appends a signed entry to it

    calls(2)

    assert verify() == 4
    assert [e.key_id for e in AuditEntry.objects.order_by("seq")] == [None, None, "dev", "dev"]
    assert all(entry_hash(e) == e.hash for e in AuditEntry.objects.all())
