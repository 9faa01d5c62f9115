"""REST edge: the caller's actions as tools, and the state of an approval."""

from __future__ import annotations

from collections.abc import Iterable
from typing import Any

from drf_spectacular.types import OpenApiTypes
from drf_spectacular.utils import OpenApiParameter, extend_schema
from rest_framework.negotiation import DefaultContentNegotiation
from rest_framework.renderers import BaseRenderer
from rest_framework.request import Request
from rest_framework.response import Response
from rest_framework.views import APIView

from steward.access.authorization import may, permits
from steward.actions.edges import actor_of
from steward.actions.exceptions import ActionDenied, ActionInvalid, RecordNotFound
from steward.actions.models import Approval
from steward.actions.registry import actions
from steward.actions.tools import mcp_tools, openai_tools
from steward.actions.views import visible_apps


class IgnoreFormatParam(DefaultContentNegotiation):
    """``?format=`` here picks the tool dialect (openai/mcp), not DRF's renderer."""

    def select_renderer(
        self, request: Request, renderers: Iterable[BaseRenderer], format_suffix: str | None = None
    ) -> tuple[BaseRenderer, str]:
        first = next(iter(renderers))
        return first, first.media_type


class ToolsView(APIView):
    """``GET /api/tools/?format=openai|mcp[&app=…][&api=chat|responses]``: permitted actions."""

    content_negotiation_class = IgnoreFormatParam

    @extend_schema(
        responses=OpenApiTypes.OBJECT,
        parameters=[
            OpenApiParameter("format", str, enum=["openai", "mcp"]),
            OpenApiParameter("app", str),
            OpenApiParameter("api", str, enum=["chat", "responses"]),
        ],
    )
    def get(self, request: Request) -> Response:
        actor = actor_of(request)
        dialect = request.query_params.get("format", "openai")
        if dialect not in ("openai", "mcp"):
            raise ActionInvalid(fields={"format": ["Use format=openai or format=mcp."]})
        api: Any = request.query_params.get("api", "chat")
        if api not in ("chat", "responses"):
            raise ActionInvalid(fields={"api": ["Use api=chat or api=responses."]})
        apps = visible_apps(request)
        only = request.query_params.get("app")
        if only:
            apps = [a for a in apps if a == only]
        specs = [s for app in apps for s in actions.for_app(app) if actor and permits(actor, s)]
        if dialect == "mcp":
            return Response({"tools": mcp_tools(specs)})
        return Response({"tools": openai_tools(specs, api=api)})


class ApprovalView(APIView):
    """``GET /api/approvals/<id>/``: the state of an approval (its token, or the app's team)."""

    @extend_schema(responses=OpenApiTypes.OBJECT)
    def get(self, request: Request, pk: int) -> Response:
        approval = Approval.objects.select_related("decided_by", "token").filter(pk=pk).first()
        if approval is None:
            raise RecordNotFound(f"No approval #{pk}.")
        if not may(actor_of(request), "watch", approval.app):
            raise ActionDenied(f"Approvals of {approval.app} are visible to its team and tokens.")
        return Response(approval.to_dict())
