from io import StringIO
from pathlib import Path

import pytest
from django.core.management import call_command
from django.core.management.base import CommandError

from apps.crm.models import Company, Contact
from steward.audit.models import AuditEntry
from steward.gate.services import create_checkpoint, restore_checkpoint
from steward.live.models import Event

pytestmark = pytest.mark.django_db


def test_restore_puts_the_data_back_as_it_was(skills_dir: Path) -> None:
    acme = Company.objects.create(name="Acme")
    Contact.objects.create(company=acme, name="Ann")
    checkpoint = create_checkpoint(app="crm", by="user:carol")
    Contact.objects.all().delete()
    acme.name = "Renamed"
    acme.save()
    Company.objects.create(name="Extra")

    restore_checkpoint(app="crm", checkpoint_id=checkpoint.pk, by="user:carol")

    assert list(Company.objects.values_list("name", flat=True)) == ["Acme"]
    assert Contact.objects.get().company_id == acme.pk
    assert Company.objects.create(name="After").pk > acme.pk  # sequences follow


def test_restore_is_audited_and_announced_on_the_live_feed(skills_dir: Path) -> None:
    Company.objects.create(name="Acme")
    checkpoint = create_checkpoint(app="crm", by="user:carol")
    restore_checkpoint(app="crm", checkpoint_id=checkpoint.pk, by="user:carol")
    entry = AuditEntry.objects.get(action="checkpoint.restore")
    assert entry.actor_label == "user:carol"
    assert entry.args == {"checkpoint": checkpoint.pk}
    restored = [
        e for e in Event.objects.filter(stream__key="app:crm") if e.data.get("op") == "restored"
    ]
    assert {e.data["model"] for e in restored} >= {"crm.company"}
    assert all(e.type == "app.changed" for e in restored)


def test_the_command_lists_and_restores(skills_dir: Path) -> None:
    Company.objects.create(name="Acme")
    checkpoint = create_checkpoint(app="crm", by="user:carol")
    Company.objects.all().delete()
    out = StringIO()
    call_command("checkpoint", "list", "crm", stdout=out)
    assert out.getvalue().startswith(f"{checkpoint.pk}\t")
    call_command("checkpoint", "restore", "crm", str(checkpoint.pk), stdout=out)
    assert Company.objects.filter(name="Acme").exists()


def test_restoring_an_unknown_checkpoint_says_how_to_list_them(skills_dir: Path) -> None:
    with pytest.raises(CommandError, match="checkpoint list crm"):
        call_command("checkpoint", "restore", "crm", "999")


def test_a_restore_that_no_longer_fits_changes_nothing(skills_dir: Path, alice: object) -> None:
    from apps.crm.models import Deal

    acme = Company.objects.create(name="Acme")
    Deal.objects.create(company=acme, title="Big", owner=alice)
    checkpoint = create_checkpoint(app="crm", by="user:carol")
    Deal.objects.all().delete()
    alice.delete()  # type: ignore[attr-defined]  # the deal's owner is gone
    Company.objects.create(name="Kept")
    with pytest.raises(CommandError, match="nothing was changed"):
        call_command("checkpoint", "restore", "crm", str(checkpoint.pk))
    assert set(Company.objects.values_list("name", flat=True)) == {"Acme", "Kept"}
    assert not AuditEntry.objects.filter(action="checkpoint.restore").exists()
