"""Audit entries can be appended, never changed or deleted through the ORM."""

from __future__ import annotations

import pytest

from steward.audit.exceptions import AppendOnly
from steward.audit.models import AuditEntry
from steward.audit.services import record

pytestmark = pytest.mark.django_db


@pytest.fixture
def entry():
    return record(actor_label="user:x", app="ideaboard", action="add_idea", status="ok")


def test_saving_an_existing_entry_is_refused(entry):
    entry.status = "denied"
    with pytest.raises(AppendOnly):
        entry.save()


def test_deleting_an_entry_is_refused(entry):
    with pytest.raises(AppendOnly):
        entry.delete()


def test_bulk_update_delete_and_create_are_refused(entry):
    with pytest.raises(AppendOnly):
        AuditEntry.objects.filter(pk=entry.pk).update(status="denied")
    with pytest.raises(AppendOnly):
        AuditEntry.objects.all().delete()
    with pytest.raises(AppendOnly):
        AuditEntry.objects.bulk_create([AuditEntry(seq=99)])
    assert AuditEntry.objects.calls().get().status == "ok"


def test_record_stores_arguments_as_json_so_the_chain_verifies():
    import datetime as dt
    from decimal import Decimal

    from steward.audit.chain import verify

    record(actor_label="user:x", app="crm", action="a", status="ok",
           args={"due": dt.date(2026, 12, 1), "value": Decimal("1.50")})  # fmt: skip

    assert AuditEntry.objects.calls().get().args == {"due": "2026-12-01", "value": "1.50"}
    assert verify() == 1


def test_an_ipv6_client_address_is_stored_so_the_chain_verifies():
    from steward.audit.chain import verify

    record(actor_label="user:x", app="crm", action="a", status="ok",
           client_addr="2001:0db8:0000:0000:0000:0000:0000:0001")  # fmt: skip

    assert AuditEntry.objects.calls().get().client_addr == "2001:db8::1"
    assert verify() == 1


def test_text_the_database_cannot_store_is_stored_escaped_so_the_chain_verifies():
    from steward.audit.chain import verify

    record(actor_label="user:x", app="crm", action="a\ud800", status="invalid",
           user_agent="agent\udfff", args={"k\ud800": ["v\udbff", "nul\x00"]})  # fmt: skip

    entry = AuditEntry.objects.calls().get()
    assert entry.args == {"k\\ud800": ["v\\udbff", "nul\ufffd"]}
    assert (entry.action, entry.user_agent) == ("a\\ud800", "agent\\udfff")
    assert verify() == 1
