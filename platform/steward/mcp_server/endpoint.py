"""The /mcp ASGI endpoint: the SDK's bearer auth, then its streamable HTTP session manager.

daphne sends no ASGI lifespan events, so the session manager's task group is started on the
first request and lives as long as the process.
"""

from __future__ import annotations

import asyncio
from collections.abc import Awaitable, Callable
from importlib import metadata
from typing import Any

from django.conf import settings
from mcp.server.auth.middleware.bearer_auth import BearerAuthBackend
from mcp.server.lowlevel import Server
from mcp.server.streamable_http_manager import StreamableHTTPSessionManager
from mcp.server.transport_security import TransportSecuritySettings
from starlette.middleware.authentication import AuthenticationMiddleware
from starlette.types import ASGIApp, Receive, Scope, Send

from steward.mcp_server import handlers
from steward.mcp_server.auth import AgentTokenVerifier, RequireAgentToken, rejected
from steward.mcp_server.streams import EndWhenAccessIsLost

PATH = "/mcp"


def _version() -> str:
    try:
        return metadata.version("steward")
    except metadata.PackageNotFoundError:  # running from a checkout without installing
        return "0"


def build_server() -> Server[Any]:
    return Server(
        "steward",
        version=_version(),
        title="Steward",
        instructions=(
            "Steward's Safe Actions for one hosted app (the app your token is for). Read the "
            "app's skill (a resource) first; every call is validated, permission-checked and "
            "audited."
        ),
        on_list_tools=handlers.list_tools,
        on_call_tool=handlers.call_tool,
        on_list_resources=handlers.list_resources,
        on_read_resource=handlers.read_resource,
    )


def security_settings() -> TransportSecuritySettings:
    """Host/Origin checks from the same settings Django uses (ALLOWED_HOSTS, trusted origins)."""
    hosts = list(settings.ALLOWED_HOSTS)
    if "*" in hosts:
        return TransportSecuritySettings(enable_dns_rebinding_protection=False)
    origins = [settings.STEWARD_PUBLIC_URL, *settings.CSRF_TRUSTED_ORIGINS]
    origins += [f"{scheme}://{h}:*" for h in hosts for scheme in ("http", "https")]
    origins += [f"{scheme}://{h}" for h in hosts for scheme in ("http", "https")]
    return TransportSecuritySettings(
        allowed_hosts=[*hosts, *(f"{h}:*" for h in hosts)],
        allowed_origins=origins,
    )


class McpEndpoint:
    """Hand each authenticated request to the SDK's session manager (see ``authenticated``)."""

    def __init__(self) -> None:
        self.manager = StreamableHTTPSessionManager(
            app=build_server(),
            json_response=True,
            stateless=settings.STEWARD_MCP_STATELESS,
            security_settings=security_settings(),
        )
        self._ready: asyncio.Event | None = None
        self._task: asyncio.Task[None] | None = None

    async def _run(self) -> None:
        assert self._ready is not None
        async with self.manager.run():
            self._ready.set()
            await asyncio.Event().wait()  # until the process ends

    async def _started(self) -> None:
        if self._ready is None or self._task is None:
            self._ready = asyncio.Event()
            self._task = asyncio.get_running_loop().create_task(self._run())
        if self._ready.is_set():
            return
        waiter = asyncio.ensure_future(self._ready.wait())
        await asyncio.wait({waiter, self._task}, return_when=asyncio.FIRST_COMPLETED)
        if self._task.done():  # the manager could not start: say why instead of hanging
            waiter.cancel()
            self._task.result()
            raise RuntimeError("The MCP session manager stopped.")

    async def __call__(self, scope: Scope, receive: Receive, send: Send) -> None:
        await self._started()
        await self.manager.handle_request(scope, receive, send)


def authenticated(endpoint: ASGIApp) -> ASGIApp:
    """The SDK's bearer backend verifies the token; its guard answers 401 without one; a GET
    stream ends when its token loses access."""
    return AuthenticationMiddleware(
        RequireAgentToken(EndWhenAccessIsLost(endpoint)),
        backend=BearerAuthBackend(AgentTokenVerifier()),
        on_error=rejected,
    )


def with_mcp(django_app: Callable[..., Awaitable[None]]) -> ASGIApp:
    """Route HTTP requests for /mcp to the MCP endpoint and everything else to Django."""
    endpoint: ASGIApp | None = None

    async def app(scope: Scope, receive: Receive, send: Send) -> None:
        nonlocal endpoint
        if scope["path"].rstrip("/") == PATH:
            endpoint = endpoint or authenticated(McpEndpoint())
            await endpoint(scope, receive, send)
        else:
            await django_app(scope, receive, send)

    return app
