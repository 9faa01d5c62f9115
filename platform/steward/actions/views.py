"""REST edge of Safe Actions: list apps and actions, and invoke one (thin: parse, call invoke)."""

from __future__ import annotations

from typing import Any

from drf_spectacular.types import OpenApiTypes
from drf_spectacular.utils import extend_schema
from rest_framework import exceptions
from rest_framework.request import Request
from rest_framework.response import Response
from rest_framework.views import APIView

from steward.access.actors import Actor
from steward.access.authentication import TokenRejected
from steward.access.authorization import permits
from steward.access.authorization import visible_apps as scope_visible_apps
from steward.actions.edges import actor_of, boolean_param, call_context, request_id
from steward.actions.exceptions import (
    ActionDenied,
    ActionInvalid,
    NotAuthenticated,
    UnknownAction,
)
from steward.actions.openapi import FORCE, REVERT_CONFLICT
from steward.actions.outcome import MalformedJSON
from steward.actions.registry import actions
from steward.actions.revert import revert_entry
from steward.actions.services import invoke, refuse_unauthenticated
from steward.hosting.registry import hosted_apps
from steward.jsonlimits import JSONParser


def visible_apps(request: Request) -> list[str]:
    """The hosted apps the caller may see (the scope rule's ``watch``)."""
    return sorted(app for app in scope_visible_apps(actor_of(request)) if app in hosted_apps)


class AppListView(APIView):
    """The hosted apps the caller may see, with the URL of each one's actions."""

    @extend_schema(responses=OpenApiTypes.OBJECT)
    def get(self, request: Request) -> Response:
        apps = [hosted_apps.get(name) for name in visible_apps(request)]
        return Response(
            {
                "apps": [
                    {
                        "name": app.name,
                        "title": app.title,
                        "description": app.description,
                        "url": app.url,
                        "actions_url": f"/api/apps/{app.name}/actions/",
                        "actions_digest": actions.digest(app.name),
                    }
                    for app in apps
                ]
            }
        )


class ActionListView(APIView):
    """An app's actions: name, description, input JSON Schema, metadata, and ``permitted``."""

    @extend_schema(responses=OpenApiTypes.OBJECT)
    def get(self, request: Request, app: str) -> Response:
        if app not in hosted_apps:
            raise UnknownAction(app)
        if app not in visible_apps(request):
            raise ActionDenied(f"You are not on the {app} team, or this token is for another app.")
        actor = actor_of(request)
        return Response(
            {
                "app": app,
                "digest": actions.digest(app),
                "actions": [
                    {**spec.describe(), "permitted": actor is not None and permits(actor, spec)}
                    for spec in actions.for_app(app)
                ],
            }
        )


@extend_schema(exclude=True)  # each action is documented as its own operation (openapi.py)
class InvokeView(APIView):
    """POST a JSON object of arguments; answers 200, 202 (approval), or an error body."""

    parser_classes = [JSONParser]
    permission_classes: list[Any] = []  # invoke authenticates and authorizes (and audits)
    rejected_token: Any = None
    rejected_reason: str | None = None

    def perform_authentication(self, request: Request) -> None:
        # Refused credentials are not answered here: invoke (or the service below) audits them.
        try:
            request.user  # noqa: B018 - evaluates the authenticators
        except TokenRejected as exc:
            self.rejected_token, self.rejected_reason = exc.token, str(exc.detail)

    def post(self, request: Request, app: str, name: str) -> Response:
        actor = actor_of(request)
        if self.rejected_token is not None:
            actor = Actor.for_token(self.rejected_token)
        elif self.rejected_reason is not None:
            refuse_unauthenticated(
                app=app, name=name, args=_body(request), reason=self.rejected_reason,
                context=call_context(request),
            )  # fmt: skip
        key = request.headers.get("Idempotency-Key") or None
        if key is not None and len(key) > 255:
            raise ActionInvalid(fields={"Idempotency-Key": ["Use at most 255 characters."]})
        dry_run = boolean_param(request.query_params.get("dry_run"), name="dry_run")
        outcome = invoke(
            actor=actor,
            app=app,
            name=name,
            args=_body(request),
            idempotency_key=key,
            dry_run=dry_run,
            context=call_context(request),
        )
        response = Response(outcome.body, status=outcome.http_status)
        if outcome.status == "replayed":
            response["Idempotent-Replayed"] = "true"
        return response

    def finalize_response(self, request: Request, response: Any, *args: Any, **kwargs: Any) -> Any:
        response = super().finalize_response(request, response, *args, **kwargs)
        response["X-Request-Id"] = request_id(request)  # errors too: quote it in bug reports
        return response


def _body(request: Request) -> Any:
    try:
        return request.data
    except (exceptions.ParseError, exceptions.UnsupportedMediaType) as exc:
        return MalformedJSON(str(exc.detail))


class RevertEntryView(APIView):
    """POST ``/api/audit/<seq>/revert`` (``?force=1``): undo one audit entry's changes."""

    @extend_schema(
        request=None, parameters=[FORCE], responses={200: OpenApiTypes.OBJECT, 409: REVERT_CONFLICT}
    )
    def post(self, request: Request, seq: int) -> Response:
        actor = actor_of(request)
        if actor is None:
            raise NotAuthenticated()
        force = boolean_param(request.query_params.get("force"), name="force")
        entry = revert_entry(seq=seq, actor=actor, force=force)
        return Response({"status": "reverted", "audit_id": entry.pk, "changes": entry.changes})
