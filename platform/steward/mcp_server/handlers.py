"""MCP request handlers: thin edges over the action registry, invoke and the skills.

Tools are built per request from the caller's token, so two clients see exactly the actions
their tokens allow. Database work runs in Django's sync thread (sync_to_async).
"""

from __future__ import annotations

from typing import Any
from urllib.parse import urlparse

import mcp_types as types
from asgiref.sync import sync_to_async
from django.conf import settings
from mcp.server import ServerRequestContext
from mcp.shared.exceptions import MCPError

from steward.access.actors import Actor
from steward.actions.context import CallContext
from steward.actions.exceptions import ActionError
from steward.actions.permissions import permitted
from steward.actions.services import invoke
from steward.actions.tools import mcp_tools
from steward.mcp_server.auth import TOKEN_KEY
from steward.mcp_server.results import error_result, outcome_result
from steward.skills.publishing import all_published, published

# A client may name its own idempotency key (stable across reconnects) in the call's _meta.
IDEMPOTENCY_META_KEY = "io.steward/idempotency-key"


def _token(ctx: ServerRequestContext[Any, Any]) -> Any:
    request = ctx.request
    token = request.scope.get(TOKEN_KEY) if request is not None else None
    if token is None:  # the endpoint authenticates first; this is a wiring error
        raise MCPError(types.INVALID_REQUEST, "Not authenticated.")
    return token


def _tools(token: Any) -> list[types.Tool]:
    specs = permitted(Actor.for_token(token), token.app)
    return [types.Tool.model_validate(tool) for tool in mcp_tools(specs)]


async def list_tools(
    ctx: ServerRequestContext[Any, Any], params: types.PaginatedRequestParams | None
) -> types.ListToolsResult:
    return types.ListToolsResult(tools=await sync_to_async(_tools)(_token(ctx)))


def idempotency_key(ctx: ServerRequestContext[Any, Any], meta: dict[str, Any]) -> str | None:
    """The client's own key if it sent one, else the JSON-RPC request id scoped to its session.

    A request id is unique only within one MCP session (the SDK's clients count from 0), so
    without a session (the stateless 2026 protocol era) it cannot serve as a key on its own.
    """
    if meta.get(IDEMPOTENCY_META_KEY):
        return f"mcp:{meta[IDEMPOTENCY_META_KEY]}"
    session = ctx.request.headers.get("mcp-session-id") if ctx.request is not None else None
    if session and ctx.request_id is not None:
        return f"mcp:{session}:{ctx.request_id}"
    return None


def _call(token: Any, name: str, args: dict[str, Any], key: str | None, context: Any) -> Any:
    try:
        outcome = invoke(
            actor=Actor.for_token(token),
            app=token.app,
            name=name,
            args=args,
            idempotency_key=key,
            context=context,
        )
    except ActionError as exc:
        return error_result(exc)
    return outcome_result(outcome)


async def call_tool(
    ctx: ServerRequestContext[Any, Any], params: types.CallToolRequestParams
) -> types.CallToolResult:
    token = _token(ctx)
    meta: dict[str, Any] = dict(params.meta) if params.meta else {}
    request = ctx.request
    context = CallContext(
        request_id=f"mcp:{ctx.request_id}" if ctx.request_id is not None else None,
        client_addr=request.client.host if request is not None and request.client else None,
        user_agent=request.headers.get("user-agent") if request is not None else None,
    )
    result: types.CallToolResult = await sync_to_async(_call)(
        token, params.name, params.arguments or {}, idempotency_key(ctx, meta), context
    )
    return result


def skill_uri(name: str) -> str:
    return f"{settings.STEWARD_PUBLIC_URL}/skills/{name}/SKILL.md"


def _resources() -> list[types.Resource]:
    return [
        types.Resource(
            uri=skill_uri(p.name),
            name=p.name,
            description=p.description,
            mime_type="text/markdown",
        )
        for p in all_published()
    ]


async def list_resources(
    ctx: ServerRequestContext[Any, Any], params: types.PaginatedRequestParams | None
) -> types.ListResourcesResult:
    _token(ctx)
    return types.ListResourcesResult(resources=await sync_to_async(_resources)())


async def read_resource(
    ctx: ServerRequestContext[Any, Any], params: types.ReadResourceRequestParams
) -> types.ReadResourceResult:
    _token(ctx)
    parts = urlparse(str(params.uri)).path.strip("/").split("/")
    found = None
    if len(parts) == 3 and parts[0] == "skills" and parts[2] == "SKILL.md":
        found = await sync_to_async(published)(parts[1])
    if found is None:
        raise MCPError(types.INVALID_PARAMS, f"No skill at {params.uri}; list the resources.")
    content = types.TextResourceContents(
        uri=str(params.uri), text=found.text, mime_type="text/markdown"
    )
    return types.ReadResourceResult(contents=[content])
