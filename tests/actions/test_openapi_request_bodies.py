"""What an action's OpenAPI request body says about null and about the body itself, held
to what the server does: null for an optional argument means "left out", and a body is
required exactly when some argument is."""

from __future__ import annotations

from typing import Any

import pytest

from apps.crm.models import Company, Contact, Deal
from apps.editorial.models import Piece
from apps.ideaboard.models import Idea
from steward.actions.registry import actions

pytestmark = pytest.mark.django_db


def _bodies(client: Any) -> dict[str, dict[str, Any]]:
    paths = client.get("/api/schema/?format=json").json()["paths"]
    return {
        f"{spec.app}.{spec.name}": paths[f"/api/apps/{spec.app}/actions/{spec.name}/"]["post"][
            "requestBody"
        ]
        for spec in actions.all()
    }


def test_every_optional_argument_takes_null_in_the_openapi_document(alice_client):
    for name, body in _bodies(alice_client).items():
        schema = body["content"]["application/json"]["schema"]
        required = set(schema.get("required", []))
        for prop_name, prop in schema["properties"].items():
            if prop_name not in required:
                assert prop["nullable"] is True, f"{name}.{prop_name}"
                # OpenAPI 3.0.3: nullable does not widen an enum; null must be one of it
                assert None in prop.get("enum", [None]), f"{name}.{prop_name}"
                assert prop["description"].endswith("null: as if left out."), prop


def test_a_body_is_required_exactly_when_an_action_has_a_required_argument(alice_client):
    bodies = _bodies(alice_client)
    for name, body in bodies.items():
        schema = body["content"]["application/json"]["schema"]
        assert body["required"] is bool(schema.get("required")), name
    assert bodies["ideaboard.list_ideas"]["required"] is False
    assert bodies["ideaboard.add_idea"]["required"] is True


@pytest.mark.parametrize(
    ("app", "name", "args", "stored"),
    [
        ("ideaboard", "add_idea", {"title": "Kites", "pitch": None},
         lambda: Idea.objects.get(title="Kites").pitch == ""),
        ("editorial", "plan_piece", {"title": "Launch", "channel": None},
         lambda: Piece.objects.get(title="Launch").channel == "blog"),
        ("crm", "create_deal", {"company_id": "COMPANY", "title": "Big", "stage": None},
         lambda: Deal.objects.get(title="Big").stage == "lead"),
        ("crm", "add_contact", {"company_id": "COMPANY", "name": "Ann", "phone": None},
         lambda: Contact.objects.get(name="Ann").phone == ""),
    ],
)  # fmt: skip
def test_null_for_an_optional_argument_uses_its_default(alice_client, app, name, args, stored):
    company = Company.objects.create(name="Acme")
    args = {k: company.pk if v == "COMPANY" else v for k, v in args.items()}

    response = alice_client.post(
        f"/api/apps/{app}/actions/{name}/", args, content_type="application/json"
    )

    assert response.status_code == 200, response.content
    assert stored()


def test_null_for_a_required_argument_is_refused_naming_it(alice_client):
    response = alice_client.post(
        "/api/apps/ideaboard/actions/add_idea/", {"title": None}, content_type="application/json"
    )

    assert response.status_code == 400
    assert response.json()["error"]["fields"]["title"] == ["This field may not be null."]


def test_an_action_without_required_arguments_runs_on_no_body_with_its_defaults(alice_client):
    Idea.objects.create(title="Kites")

    response = alice_client.generic("POST", "/api/apps/ideaboard/actions/list_ideas/")

    assert response.status_code == 200, response.content
    assert [i["title"] for i in response.json()["result"]["ideas"]] == ["Kites"]


def test_no_body_for_an_action_with_required_arguments_is_refused_naming_them(alice_client):
    response = alice_client.generic("POST", "/api/apps/ideaboard/actions/add_idea/")

    assert response.status_code == 400
    assert response.json()["error"]["fields"] == {"title": ["This field is required."]}
