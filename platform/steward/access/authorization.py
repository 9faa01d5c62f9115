"""May this actor watch, control or call something? The one scope rule of every edge.

* watch (read a session, an app feed, an app's pages): the viewer role on the app's team.
* control (say, stop or steer in a session; open one): the operator role; not a read-only token.
* call (run a Safe Action): the action's ``permission`` role (viewer for read-only actions);
  a token also needs the action in its list, and a read-only token only calls read-only ones.

A token acts for its owner and never exceeds them: it must be for the app, and its owner's
role on the app is checked too (superusers are admins everywhere).
"""

from __future__ import annotations

from typing import Literal, Protocol

from steward.access.actors import Actor
from steward.access.models import AgentToken
from steward.access.roles import Role, at_least
from steward.access.teams import apps_visible_to

Verb = Literal["watch", "control", "call"]


class Callable(Protocol):
    """What the rule needs to know of a Safe Action (an ActionSpec has it)."""

    @property
    def app(self) -> str: ...

    @property
    def name(self) -> str: ...

    @property
    def read_only(self) -> bool: ...

    @property
    def permission(self) -> str: ...


def denial(actor: Actor | None, verb: Verb, app: str, action: Callable | None = None) -> str | None:
    """Why ``actor`` may not ``verb`` in ``app`` (or call ``action``); None when it may."""
    if actor is None:
        return "Log in, or send 'Authorization: Bearer <token secret>'."
    token = actor.token
    if token is not None:
        if token.app != app:
            return f"This token is for app {token.app!r}, not {app!r}."
        if verb == "control" and token.read_only:
            return "This token is read-only; it may watch but not control."
        if verb == "call" and action is not None and not token_allows(token, action):
            return _token_refusal(token, action)
    needed = _needed(verb, action)
    if not at_least(actor.role(app), needed):
        who = "This token's owner needs" if token is not None else "You need"
        what = f"to run {action.name!r}" if verb == "call" and action else f"to {verb} it"
        return f"{who} the {needed} role on the {app} team {what}. Ask an admin of the app."
    return None


def may(actor: Actor | None, verb: Verb, app: str, action: Callable | None = None) -> bool:
    return denial(actor, verb, app, action) is None


def permits(actor: Actor | None, action: Callable) -> bool:
    """May ``actor`` call ``action``?"""
    return may(actor, "call", action.app, action)


def token_allows(token: AgentToken, action: Callable) -> bool:
    """The token's own scope covers ``action`` (its app, its action list, read-only flag)."""
    if action.app != token.app or (token.read_only and not action.read_only):
        return False
    return not token.allowed_actions or action.name in token.allowed_actions


def visible_apps(actor: Actor | None) -> set[str]:
    """The apps ``actor`` may watch: a token's own app, a person's teams (all for superusers)."""
    if actor is None:
        return set()
    if actor.token is not None:
        app = actor.token.app
        return {app} if may(actor, "watch", app) else set()
    return apps_visible_to(actor.user)


def _needed(verb: Verb, action: Callable | None) -> str:
    if verb == "call" and action is not None:
        return action.permission
    return Role.OPERATOR if verb == "control" else Role.VIEWER


def _token_refusal(token: AgentToken, action: Callable) -> str:
    if token.read_only and not action.read_only:
        return f"This token is read-only and {action.name!r} changes data."
    return (
        f"This token may not call {action.name!r}; it allows "
        f"{', '.join(token.allowed_actions or [])}. Ask an admin for a token that includes it."
    )
