"""drf-spectacular postprocessing hook: one OpenAPI operation per registered action."""

from __future__ import annotations

from typing import Any

from drf_spectacular.utils import OpenApiParameter, OpenApiResponse

from steward.actions.openapi_blank import describe_blank_text
from steward.actions.registry import actions
from steward.actions.spec import ActionSpec

_ERRORS = {
    "400": "Invalid arguments (field errors) or malformed JSON.",
    "401": "Missing, revoked or expired credentials.",
    "403": "The caller may not run this action.",
    "404": "Unknown app, action or record.",
    "422": "Idempotency-Key reused with other arguments.",
    "429": "Rate limited; see the Retry-After header.",
}
# For the revert views' extend_schema; document_errors adds the error body (and the 400).
REVERT_CONFLICT = OpenApiResponse(
    description="Nothing was reverted: already reverted, or records changed since (the error's "
    "fields name each one). Revert the later changes first, or force=1 (admins)."
)
FORCE = OpenApiParameter(
    "force",
    bool,
    description="true (or 1), admins only: revert even over later changes. Only true, false, "
    "1 or 0; anything else is a 400.",
)
_RESULT_SCHEMA = {
    "type": "object",
    "properties": {
        "status": {"type": "string", "description": "ok, or dry_run for a dry run."},
        "preview": {"type": "boolean", "description": "Present (true) on dry runs only."},
        "result": {"type": "object", "additionalProperties": True},
        "audit_id": {"type": "integer"},
    },
}
_ERROR_SCHEMA = {
    "type": "object",
    "properties": {
        "error": {
            "type": "object",
            "properties": {
                "code": {"type": "string"},
                "message": {"type": "string"},
                "fields": {"type": "object", "additionalProperties": True},
            },
            "required": ["code", "message"],
        }
    },
}


def add_action_operations(
    result: dict[str, Any], generator: Any, request: Any, public: bool
) -> dict[str, Any]:
    paths = result.setdefault("paths", {})
    for path, operations in paths.items():
        for method, op in operations.items():
            document_errors(path, method, op)
    for spec in actions.all():
        paths[f"/api/apps/{spec.app}/actions/{spec.name}/"] = {"post": operation(spec)}
    describe_blank_text(result)
    schemes = result.setdefault("components", {}).setdefault("securitySchemes", {})
    schemes.setdefault("bearerAuth", {"type": "http", "scheme": "bearer"})
    return result


def document_errors(path: str, method: str, op: dict[str, Any]) -> None:
    """Add the error answers every REST view can give (drf-spectacular lists only success):
    401 and 403 always (every view needs credentials), 400 when the caller sends a body or
    query parameters, 404 when the path names something that may not exist; each error
    answer, these and those a view declares itself, with the error body."""
    responses = op.setdefault("responses", {})
    errors = {"401": _ERRORS["401"], "403": "The caller may not do this (team role or token)."}
    if "requestBody" in op or any(p.get("in") == "query" for p in op.get("parameters", [])):
        errors["400"] = "Invalid input (field errors) or malformed JSON."
    if "{" in path:
        errors["404"] = "No such object, or the caller may not see it."
    for code, text in errors.items():
        responses.setdefault(code, {"description": text})
    for code, answer in responses.items():
        # A view's own error answers (extend_schema with a description only) share the body.
        if code.startswith(("4", "5")) and "content" not in answer:
            answer["content"] = _json(_ERROR_SCHEMA)
    if "404" in errors:
        # A path parameter the URL pattern refuses (a word where an id goes) matches no
        # route at all: Django answers with the site's HTML 404 page.
        responses["404"]["content"]["text/html"] = {"schema": {"type": "string"}}


def operation(spec: ActionSpec) -> dict[str, Any]:
    body = null_means_default(to_openapi_30(spec.input_schema()))
    responses: dict[str, Any] = {
        "200": {
            "description": (
                "The action ran; its result. With dry_run=true it ran and was rolled back: "
                'status is "dry_run" and "preview" is true, so the result (ids included) '
                "describes records that do not exist and whose ids a later call may take."
            ),
            "content": _json(_RESULT_SCHEMA),
        },
    }
    if spec.requires_approval:
        responses["202"] = {"description": "Pending approval (agents); its id and state."}
    responses.update(
        {
            code: {"description": text, "content": _json(_ERROR_SCHEMA)}
            for code, text in _ERRORS.items()
        }
    )
    return {
        "operationId": f"{spec.app}_{spec.name}",
        "summary": spec.description.splitlines()[0],
        "description": spec.description,
        "tags": [f"{spec.app} actions"],
        "parameters": [
            {
                "name": "Idempotency-Key",
                "in": "header",
                "required": False,
                "schema": {"type": "string", "maxLength": 255},
            },
            {
                "name": "dry_run",
                "in": "query",
                "required": False,
                "description": "true (or 1): run, capture the result, roll back. Only "
                "true, false, 1 or 0; anything else is a 400.",
                "schema": {"type": "boolean"},
            },
        ],
        "requestBody": {"required": bool(body.get("required")), "content": _json(body)},
        "responses": responses,
        "security": [{"bearerAuth": []}, {"cookieAuth": []}],
        "x-steward": spec.metadata(),
    }


def to_openapi_30(schema: dict[str, Any]) -> dict[str, Any]:
    """JSON Schema → OpenAPI 3.0: ``type: [X, "null"]`` becomes ``type: X, nullable: true``
    (an enum keeps its null as well)."""
    out = dict(schema)
    kind = out.get("type")
    if isinstance(kind, list):
        rest = [k for k in kind if k != "null"]
        out["type"] = rest[0] if len(rest) == 1 else rest
        if "null" in kind:
            out["nullable"] = True
    if "enum" in out and None in out["enum"]:
        out["nullable"] = True  # and null stays in the enum: OpenAPI 3.0.3 wants it listed
    if out.get("required") == []:
        del out["required"]  # OpenAPI 3.0 wants a required list to be non-empty
    if isinstance(out.get("properties"), dict):
        out["properties"] = {k: to_openapi_30(v) for k, v in out["properties"].items()}
    if isinstance(out.get("items"), dict):
        out["items"] = to_openapi_30(out["items"])
    return out


def null_means_default(body: dict[str, Any]) -> dict[str, Any]:
    """Optional arguments take null, meaning "not given": the strict tools at /api/tools/
    require every property and send null for the ones the model leaves out, and their
    arguments are posted here as they come (services.validate drops such nulls)."""
    required = set(body.get("required", []))
    for name, prop in body.get("properties", {}).items():
        if name not in required:
            prop["nullable"] = True
            if "enum" in prop and None not in prop["enum"]:
                prop["enum"] = [*prop["enum"], None]
            said = prop.get("description", "").rstrip(".")
            prop["description"] = (f"{said}. " if said else "") + "null: as if left out."
    return body


def _json(schema: dict[str, Any]) -> dict[str, Any]:
    return {"application/json": {"schema": schema}}
