"""Who is on which team: the questions every edge asks about people."""

from __future__ import annotations

from collections.abc import Iterable
from typing import Any

from django.contrib.auth import get_user_model
from django.db.models import Subquery

from steward.access.models import Membership
from steward.access.roles import Role, at_least
from steward.hosting.registry import hosted_apps


def role_for(user: Any, app: str) -> str | None:
    """The user's role on ``app``; superusers are admins everywhere, strangers get None."""
    if user is None or not user.is_authenticated or not user.is_active:
        return None
    if user.is_superuser:
        return Role.ADMIN
    return Membership.objects.filter(user=user, app=app).values_list("role", flat=True).first()


def membership_role(user: Any, app: Any) -> Subquery:
    """The role of ``user`` on ``app`` (either may be an ``OuterRef``), to annotate a query
    with; turn it into the user's role with ``role_given``."""
    return Subquery(Membership.objects.filter(user=user, app=app).values("role")[:1])


def role_given(user: Any, membership: str | None) -> str | None:
    """``role_for``'s answer from an already fetched membership role (``membership_role``)."""
    if user is None or not user.is_authenticated or not user.is_active:
        return None
    return Role.ADMIN if user.is_superuser else membership


def has_role(user: Any, app: str, needed: str) -> bool:
    return at_least(role_for(user, app), needed)


def apps_visible_to(user: Any) -> set[str]:
    """The hosted apps ``user`` has a role on (every app for superusers): the one rule of who
    sees an app, on the dashboard, in /api/apps/ and on the app's pages alike. Being staff
    opens Django admin, not the apps."""
    if user is None or not user.is_authenticated or not user.is_active:
        return set()
    if user.is_superuser:
        return set(hosted_apps.names())
    names = Membership.objects.filter(user=user).values_list("app", flat=True)
    return {name for name in names if name in hosted_apps}


def acting_user(username: str | None) -> Any:
    """The active user called ``username``, or (with no name) the first superuser; None if
    there is no such person. Commands that act for someone use it to pick who."""
    users = get_user_model().objects.filter(is_active=True)
    if username:
        return users.filter(username=username).first()
    return users.filter(is_superuser=True).order_by("pk").first()


def ensure_on_team(users: Iterable[Any], app: str, *, role: str = Role.OPERATOR) -> None:
    """Put ``users`` on ``app``'s team with ``role``, leaving anyone already on it as they are.

    For demo data: the people who own an app's records are on its team, so the app's owner
    and assignee selects and its filters offer them as they offer anyone on the team."""
    for user in users:
        Membership.objects.get_or_create(user=user, app=app, defaults={"role": role})
