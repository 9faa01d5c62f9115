"""GET /api/apps/, /api/apps/<app>/actions/, and the OpenAPI document."""

from __future__ import annotations

import pytest

pytestmark = pytest.mark.django_db


def test_apps_lists_what_the_caller_may_see(alice_client, client, bob):
    names = [a["name"] for a in alice_client.get("/api/apps/").json()["apps"]]
    assert set(names) == {"crm", "editorial", "ideaboard"}

    client.force_login(bob)
    assert [a["name"] for a in client.get("/api/apps/").json()["apps"]] == ["ideaboard"]


def test_a_token_sees_only_its_app(agent):
    assert [a["name"] for a in agent.get("/api/apps/").json()["apps"]] == ["ideaboard"]


def test_actions_lists_schemas_metadata_and_permission(client, bob):
    client.force_login(bob)

    body = client.get("/api/apps/ideaboard/actions/").json()

    by_name = {a["name"]: a for a in body["actions"]}
    assert by_name["add_idea"]["input_schema"]["required"] == ["title"]
    assert by_name["archive_idea"]["destructive"] is True
    assert by_name["list_ideas"]["permitted"] is True
    assert by_name["add_idea"]["permitted"] is False
    assert len(body["digest"]) == 64


def test_actions_of_an_unknown_app_is_404_and_of_another_team_403(client, bob):
    client.force_login(bob)

    assert client.get("/api/apps/nowhere/actions/").status_code == 404
    assert client.get("/api/apps/crm/actions/").status_code == 403


def test_listing_needs_credentials(api):
    response = api.get("/api/apps/")

    assert response.status_code == 401
    assert response["WWW-Authenticate"].startswith("Bearer")


def test_the_openapi_schema_has_one_operation_per_action(alice_client):
    response = alice_client.get("/api/schema/?format=json")

    assert response.status_code == 200
    schema = response.json()
    operation = schema["paths"]["/api/apps/ideaboard/actions/add_idea/"]["post"]
    body = operation["requestBody"]["content"]["application/json"]["schema"]
    assert body["required"] == ["title"]
    assert body["properties"]["title"]["maxLength"] == 200
    assert operation["operationId"] == "ideaboard_add_idea"
    column = schema["paths"]["/api/apps/ideaboard/actions/list_ideas/"]["post"]["requestBody"][
        "content"]["application/json"]["schema"]["properties"]["column"]  # fmt: skip
    assert column["nullable"] is True and column["type"] == "string"
    assert "/api/apps/{app}/actions/{name}/" not in schema["paths"]
    assert "bearerAuth" in schema["components"]["securitySchemes"]


def test_the_docs_page_renders(alice_client):
    response = alice_client.get("/api/docs/")

    assert response.status_code == 200
    assert b"swagger" in response.content.lower()


def test_the_openapi_document_is_valid(alice_client):
    from drf_spectacular.validation import validate_schema

    validate_schema(alice_client.get("/api/schema/?format=json").json())


@pytest.mark.parametrize("path", ["/api/audit/{seq}/revert", "/api/runs/{run_id}/revert"])
def test_the_openapi_document_says_a_revert_may_answer_409_with_the_error_body(alice_client, path):
    operation = alice_client.get("/api/schema/?format=json").json()["paths"][path]["post"]
    responses = operation["responses"]

    conflict = responses["409"]
    assert "force=1" in conflict["description"]
    schema = conflict["content"]["application/json"]["schema"]
    assert schema == responses["401"]["content"]["application/json"]["schema"]
    assert schema["properties"]["error"]["required"] == ["code", "message"]
    # force=banana, or nothing to revert, is a 400: documented with its query parameter
    assert "400" in responses and "force" in [p["name"] for p in operation["parameters"]]
