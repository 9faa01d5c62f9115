"""Who may watch or control a session or an app feed: one rule for every transport.

People: viewers (and up) on the app's team watch; operators (and up) control.
Agent tokens: a token of the app watches; a token of the app that is not read-only
controls. A token never exceeds its owner, whose role on the app is checked too.
"""

from __future__ import annotations

from dataclasses import dataclass
from typing import Any

from steward.access.teams import has_role


@dataclass(frozen=True)
class Caller:
    """A person or an agent token on the other end of a connection or request."""

    label: str
    user: Any
    token: Any = None

    @classmethod
    def of(cls, user: Any, token: Any = None) -> Caller | None:
        if token is not None and hasattr(token, "app"):
            return cls(label=f"token:{token.name}", user=token.owner, token=token)
        if user is not None and getattr(user, "is_authenticated", False):
            return cls(label=f"user:{user.get_username()}", user=user)
        return None

    def actor(self) -> Any:
        """The Safe Actions actor behind this caller (the token when there is one)."""
        from steward.access.actors import Actor

        return Actor.for_token(self.token) if self.token is not None else Actor.for_user(self.user)


def can_watch(caller: Caller | None, app: str) -> bool:
    if caller is None:
        return False
    if caller.token is not None and caller.token.app != app:
        return False
    return has_role(caller.user, app, "viewer")


def can_control(caller: Caller | None, app: str) -> bool:
    if caller is None or not can_watch(caller, app):
        return False
    if caller.token is not None:
        return not caller.token.read_only
    return has_role(caller.user, app, "operator")


def apps_watchable(caller: Caller | None) -> set[str]:
    from steward.access.teams import apps_visible_to

    if caller is None:
        return set()
    if caller.token is not None:
        return {caller.token.app} if can_watch(caller, caller.token.app) else set()
    return set(apps_visible_to(caller.user))
