from io import StringIO

import pytest
from django.core.management import call_command

from apps.crm.models import Company, Contact, Deal
from apps.editorial.models import Piece
from apps.ideaboard.models import Idea

pytestmark = pytest.mark.django_db


def _snapshot() -> dict[str, list[tuple]]:
    return {
        "ideas": list(Idea.objects.order_by("pk").values_list("pk", "title", "column", "score")),
        "deals": list(Deal.objects.order_by("pk").values_list("pk", "title", "stage", "value")),
        "companies": list(Company.objects.order_by("pk").values_list("pk", "name")),
        "contacts": list(Contact.objects.order_by("pk").values_list("pk", "name")),
        "pieces": list(Piece.objects.order_by("pk").values_list("pk", "title", "status", "due")),
    }


def test_it_loads_records_into_every_demo_app() -> None:
    out = StringIO()
    call_command("loaddemo", stdout=out)
    assert Idea.objects.count() >= 6
    assert Idea.objects.filter(archived=True).exists()
    assert set(Deal.objects.values_list("stage", flat=True)) >= {"lead", "qualified", "won"}
    assert Contact.objects.exists()
    assert Piece.objects.filter(due__isnull=True).exists()
    assert Piece.objects.filter(due__isnull=False).exists()
    assert "Loaded demo data" in out.getvalue()


def test_running_it_twice_changes_nothing() -> None:
    call_command("loaddemo", stdout=StringIO())
    first = _snapshot()
    out = StringIO()
    call_command("loaddemo", stdout=out)
    assert _snapshot() == first
    assert "nothing changed" in out.getvalue()
