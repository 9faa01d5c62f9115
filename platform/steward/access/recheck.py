"""Is an actor that was let in still allowed? Asked of connections that stay open.

A WebSocket, an SSE stream, a long-poll or an MCP stream authenticated once, when it opened;
a token revoked or expired since, an owner deactivated or a membership removed must end it.
``refusals`` answers for many open connections at once in at most three queries (tokens with
their owners and roles, people, memberships), so one process re-checks all its idle
connections with a few queries per tick, not one per connection.
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass
from typing import Any, Literal

from django.contrib.auth import get_user_model
from django.db.models import OuterRef

from steward.access.actors import Actor
from steward.access.authorization import Verb, denial
from steward.access.exceptions import InvalidToken
from steward.access.models import AgentToken, Membership
from steward.access.teams import membership_role
from steward.access.tokens import check_active


@dataclass(frozen=True)
class Refusal:
    """Why an open connection must end: ``unauthenticated`` (the credential is gone: token
    revoked or expired, the person or token owner deactivated) or ``forbidden`` (the role)."""

    code: Literal["unauthenticated", "forbidden"]
    reason: str


Check = tuple[Actor, Verb, str]


def still_allowed(actor: Actor, verb: Verb, app: str) -> Refusal | None:
    """None when ``actor`` may still ``verb`` in ``app``, read fresh from the database."""
    return refusals([(actor, verb, app)])[0]


def refusals(checks: Sequence[Check]) -> list[Refusal | None]:
    """``still_allowed`` for each check, in order, in at most three queries."""
    token_ids = {a.token.pk for a, _, _ in checks if a.token is not None}
    user_ids = {a.user.pk for a, _, _ in checks if a.token is None}
    tokens: dict[int, AgentToken] = {}
    if token_ids:
        role = membership_role(OuterRef("owner"), OuterRef("app"))
        found = AgentToken.objects.select_related("owner").annotate(owner_role=role)
        tokens = {t.pk: t for t in found.filter(pk__in=token_ids)}
    users: dict[Any, Any] = {}
    roles: dict[tuple[Any, str], str] = {}
    if user_ids:
        users = {u.pk: u for u in get_user_model().objects.filter(pk__in=user_ids)}
        apps = {app for a, _, app in checks if a.token is None}
        rows = Membership.objects.filter(user_id__in=user_ids, app__in=apps)
        roles = {(uid, app): role for uid, app, role in rows.values_list("user_id", "app", "role")}
    return [_refusal(check, tokens, users, roles) for check in checks]


def _refusal(
    check: Check,
    tokens: dict[int, AgentToken],
    users: dict[Any, Any],
    roles: dict[tuple[Any, str], str],
) -> Refusal | None:
    actor, verb, app = check
    if actor.token is not None:
        token = tokens.get(actor.token.pk)
        if token is None:
            return Refusal("unauthenticated", "This agent token no longer exists.")
        try:
            check_active(token)
        except InvalidToken as exc:
            return Refusal("unauthenticated", exc.reason)
        fresh = Actor.for_token(token)  # its role comes along (owner_role)
    else:
        user = users.get(actor.user.pk)
        if user is None or not user.is_active:
            return Refusal("unauthenticated", "Your account was deactivated or removed.")
        fresh = Actor.for_user(user)
        fresh.knows_role(app, roles.get((user.pk, app)))
    why = denial(fresh, verb, app)
    return None if why is None else Refusal("forbidden", why)
