"""Text arguments take JSON strings only: a number is refused with the field named, never
turned into text. Text padded with spaces is stored trimmed, within its maximum length."""

from __future__ import annotations

import pytest
from rest_framework import serializers

from apps.crm.models import Company
from steward.actions.fields import StrictCharField
from steward.actions.registry import actions

pytestmark = pytest.mark.django_db


def test_every_action_text_argument_is_a_strict_text_field():
    for spec in actions.all():
        for name, field in spec.serializer_class().fields.items():
            field = getattr(field, "child", field)
            # EmailField and URLField refuse a number anyway: "0" is no address.
            if type(field) is serializers.CharField:
                pytest.fail(f"{spec.qualified_name}.{name}: use {StrictCharField.__name__}.")


@pytest.mark.parametrize("value", [0, 12.5, True, ["Acme"]])
def test_a_company_name_that_is_not_a_string_is_refused(alice_client, value):
    response = alice_client.post(
        "/api/apps/crm/actions/add_company/", {"name": value}, content_type="application/json"
    )

    assert response.status_code == 400
    (message,) = response.json()["error"]["fields"]["name"]
    assert message == f"Send a JSON string here, not {type(value).__name__}."
    assert not Company.objects.exists()


def test_text_padded_past_its_maximum_is_stored_trimmed_and_within_it(alice_client):
    name = "x" * 200

    response = alice_client.post(
        "/api/apps/crm/actions/add_company/",
        {"name": f"  {name}\t "},
        content_type="application/json",
    )

    assert response.status_code == 200, response.content
    assert Company.objects.get().name == name == response.json()["result"]["name"]
