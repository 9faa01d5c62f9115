"""Who acts: a person (session login) or an agent (token). Every edge builds one Actor.

REST, WebSocket, Durable Streams, MCP and pages all describe their caller with this one
type; audit rows, log events and run attributions use its ``label``.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from typing import Any, Literal

from steward.access.models import AgentToken
from steward.access.teams import role_for, role_given


@dataclass(frozen=True)
class Actor:
    """The caller. For tokens, ``user`` is the token's owner (a token never exceeds it)."""

    kind: Literal["user", "token"]
    label: str
    user: Any
    token: AgentToken | None = None
    # Team roles already looked up for this actor, by app: one query per app per request.
    _roles: dict[str, str | None] = field(default_factory=dict, compare=False, repr=False)

    @classmethod
    def for_user(cls, user: Any) -> Actor:
        return cls(kind="user", label=f"user:{user.get_username()}", user=user)

    @classmethod
    def for_token(cls, token: AgentToken) -> Actor:
        return cls(kind="token", label=token.label, user=token.owner, token=token)

    @classmethod
    def of(cls, user: Any = None, token: AgentToken | None = None) -> Actor | None:
        """The token's actor when there is a token, else the logged-in person's, else None."""
        if token is not None:
            return cls.for_token(token)
        if user is not None and getattr(user, "is_authenticated", False):
            return cls.for_user(user)
        return None

    @property
    def is_agent(self) -> bool:
        return self.kind == "token"

    @property
    def scope_key(self) -> str:
        """A stable key for per-caller state (rate limits, idempotency keys)."""
        if self.token is not None:
            return f"token:{self.token.pk}"
        return f"user:{self.user.pk}"

    def role(self, app: str) -> str | None:
        """The team role behind this actor on ``app`` (a token's owner's), looked up once."""
        if app not in self._roles:
            self._roles[app] = self._lookup_role(app)
        return self._roles[app]

    def knows_role(self, app: str, membership: str | None) -> None:
        """Remember a role fetched along with something else (e.g. a session's row)."""
        self._roles[app] = role_given(self.user, membership)

    def _lookup_role(self, app: str) -> str | None:
        token = self.token
        if token is not None and token.app == app and hasattr(token, "owner_role"):
            # Read with the token by authenticate_bearer, in this same request.
            return role_given(self.user, token.owner_role)
        return role_for(self.user, app)


def actor_of(request: Any) -> Actor | None:
    """The caller of a request (DRF or plain Django): its bearer token's actor, else the
    logged-in person's, else None."""
    token = getattr(request, "auth", None)
    user = getattr(request, "user", None)
    return Actor.of(user, token if isinstance(token, AgentToken) else None)
