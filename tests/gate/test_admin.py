from typing import Any

import pytest

from apps.crm.models import Company
from steward.gate.services import create_checkpoint

pytestmark = pytest.mark.django_db


def test_checkpoints_are_listed_and_shown_in_admin(client: Any, carol: Any) -> None:
    Company.objects.create(name="Acme")
    checkpoint = create_checkpoint(app="crm", by="user:carol")
    client.force_login(carol)
    listing = client.get("/admin/gate/checkpoint/").content.decode()
    assert "user:carol" in listing
    detail = client.get(f"/admin/gate/checkpoint/{checkpoint.pk}/change/").content.decode()
    assert "Acme" in detail
    assert checkpoint.actions_digest in detail
