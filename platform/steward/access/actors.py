"""Who acts: a person (session login) or an agent (token). Every audit row names one."""

from __future__ import annotations

from dataclasses import dataclass
from typing import TYPE_CHECKING, Any, Literal

if TYPE_CHECKING:
    from steward.access.models import AgentToken


@dataclass(frozen=True)
class Actor:
    """The caller of an action. For tokens, ``user`` is the token's owner."""

    kind: Literal["user", "token"]
    label: str
    user: Any
    token: AgentToken | None = None

    @classmethod
    def for_user(cls, user: Any) -> Actor:
        return cls(kind="user", label=f"user:{user.get_username()}", user=user)

    @classmethod
    def for_token(cls, token: AgentToken) -> Actor:
        return cls(kind="token", label=token.label, user=token.owner, token=token)

    @property
    def is_agent(self) -> bool:
        return self.kind == "token"

    @property
    def scope_key(self) -> str:
        """A stable key for per-caller state (rate limits, idempotency keys)."""
        if self.token is not None:
            return f"token:{self.token.pk}"
        return f"user:{self.user.pk}"
