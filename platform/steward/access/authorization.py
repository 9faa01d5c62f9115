"""May this actor run this action? The one authorization rule of Safe Actions.

Tokens: right app, action in the token's list, read-only tokens only on read-only actions.
People, and the owners behind tokens: the action's ``permission`` role on the app's team
(read-only actions need at least viewer).
"""

from __future__ import annotations

from typing import TYPE_CHECKING

from steward.access.roles import Role, at_least
from steward.access.teams import role_for

if TYPE_CHECKING:
    from steward.access.actors import Actor
    from steward.actions.spec import ActionSpec


def denial(actor: Actor, spec: ActionSpec) -> str | None:
    """Why ``actor`` may not run ``spec``, or None when it may."""
    token = actor.token
    if token is not None:
        if token.app != spec.app:
            return f"This token is for app {token.app!r}, not {spec.app!r}."
        if token.read_only and not spec.read_only:
            return f"This token is read-only and {spec.name!r} changes data."
        if token.allowed_actions and spec.name not in token.allowed_actions:
            return (
                f"This token may not call {spec.name!r}; it allows "
                f"{', '.join(token.allowed_actions)}. Ask an admin for a token that includes it."
            )
    if not at_least(_role(actor, spec.app), spec.permission):
        who = "This token's owner needs" if token is not None else "You need"
        return (
            f"{who} the {spec.permission} role on the {spec.app} team to run "
            f"{spec.name!r}. Ask an admin of the app."
        )
    return None


def permits(actor: Actor, spec: ActionSpec) -> bool:
    return denial(actor, spec) is None


def _role(actor: Actor, app: str) -> str | None:
    token = actor.token
    if token is not None and token.app == app and hasattr(token, "owner_role"):
        # Read with the token by authenticate_bearer, in this same request.
        user = actor.user
        if not (user.is_active and user.is_authenticated):
            return None
        return Role.ADMIN if user.is_superuser else token.owner_role
    return role_for(actor.user, app)
