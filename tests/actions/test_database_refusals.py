"""An action whose values the database refuses answers 400, never 500."""

from __future__ import annotations

from typing import Any

import pytest

from apps.crm.models import Company
from steward.actions.registry import actions
from steward.actions.spec import build_spec
from steward.audit.models import AuditEntry

pytestmark = pytest.mark.django_db


@pytest.fixture
def careless():
    def add_company_carelessly(ctx: Any, *, name: str) -> dict[str, Any]:
        return {"id": Company.objects.create(name=name).pk}  # no duplicate check, no clean

    actions.register(build_spec(add_company_carelessly, app="crm", description="Careless."))
    yield
    actions.unregister("crm", "add_company_carelessly")


def test_a_duplicate_refused_by_the_database_is_400_and_rolled_back(alice_client, careless):
    Company.objects.create(name="Acme")

    response = alice_client.post("/api/apps/crm/actions/add_company_carelessly/",
                                 {"name": "Acme"}, content_type="application/json")  # fmt: skip

    assert response.status_code == 400
    assert "database refused" in response.json()["error"]["message"]
    assert Company.objects.count() == 1
    assert AuditEntry.objects.calls().get().status == "invalid"


def test_a_number_too_large_for_the_database_is_a_400_not_a_500(alice_client):
    from tests.support.actions_api import call

    response = call(alice_client, "ideaboard", "move_card", {"idea_id": 2**80, "column": "done"})

    assert response.status_code in (400, 404), response.json()
