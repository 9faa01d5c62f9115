"""Changes to who may act, audited: tokens issued, changed and revoked, team roles given,
changed and taken.

Access (tokens, memberships) sits below audit, so its services cannot write audit rows
themselves; these are the services every edge calls instead (Django admin in
steward.actions.admin, the issue_token command). Each runs access's own service and appends
the audit row naming who did it in the same transaction: the change and its trail commit
together, or neither. Tokens the platform issues and revokes for its own runs are not here:
the run's ``run.start`` row covers them.
"""

from __future__ import annotations

from datetime import timedelta
from typing import Any

from django.db import transaction

from steward.access import services as access
from steward.access.models import AgentToken, Membership
from steward.audit.services import record

PLATFORM = "platform"


def _user(user: Any) -> Any:
    return user if getattr(user, "is_authenticated", False) else None


def issue_token(
    *,
    by: str,
    user: Any = None,
    name: str,
    owner: Any,
    app: str,
    actions: list[str] | None = None,
    read_only: bool = False,
    expires: timedelta | None = None,
) -> tuple[AgentToken, str]:
    """``access.services.issue_token``, audited as ``token.issue`` by ``by``."""
    with transaction.atomic():
        token, secret = access.issue_token(
            name=name, owner=owner, app=app, actions=actions, read_only=read_only, expires=expires
        )
        _record_issue(token, by=by, user=user)
    return token, secret


def issue_stream_token(
    *,
    by: str,
    user: Any = None,
    name: str,
    owner: Any,
    prefix: str,
    scopes: list[str],
    expires: timedelta | None = None,
) -> tuple[AgentToken, str]:
    """``access.services.issue_stream_token``, audited as ``token.issue`` by ``by``."""
    with transaction.atomic():
        token, secret = access.issue_stream_token(
            name=name, owner=owner, prefix=prefix, scopes=scopes, expires=expires
        )
        _record_issue(token, by=by, user=user)
    return token, secret


def save_new_token(token: AgentToken, *, by: str, user: Any = None) -> str:
    """``access.services.save_with_new_secret`` (the admin's form built the token), audited."""
    with transaction.atomic():
        secret = access.save_with_new_secret(token)
        _record_issue(token, by=by, user=user)
    return secret


def change_token(token: AgentToken, *, by: str, user: Any = None) -> None:
    """Save an edited token (name, owner, scope, expiry), audited as ``token.change`` with
    its new scope."""
    with transaction.atomic():
        token.save()
        _record_token(token, "token.change", _scope(token), by=by, user=user)


def revoke_token(*, token_id: int, by: str, user: Any = None) -> None:
    """``access.services.revoke_token``, audited as ``token.revoke`` (once: revoking a revoked
    token changes nothing and records nothing)."""
    with transaction.atomic():
        token = AgentToken.objects.select_for_update().filter(pk=token_id).first()
        if token is None or token.is_revoked:
            return
        access.revoke_token(token_id=token_id)
        args = {"token": token.pk, "name": token.name}
        _record_token(token, "token.revoke", args, by=by, user=user)


def save_membership(membership: Membership, *, by: str, user: Any = None) -> None:
    """Save a team role (new or changed), audited as ``membership.change`` with the role it
    had before."""
    with transaction.atomic():
        before: str | None = None
        if membership.pk is not None:
            roles = Membership.objects.filter(pk=membership.pk).values_list("role", flat=True)
            before = roles.first()
        membership.save()
        record(
            actor_label=by,
            user=_user(user),
            app=membership.app,
            action="membership.change",
            args={
                "member": membership.user.get_username(),
                "role": membership.role,
                "was": before,
            },
            status="ok",
        )


def remove_membership(membership: Membership, *, by: str, user: Any = None) -> None:
    """Take a person off an app's team, audited as ``membership.remove``."""
    with transaction.atomic():
        args = {"member": membership.user.get_username(), "was": membership.role}
        app = membership.app
        membership.delete()
        record(
            actor_label=by,
            user=_user(user),
            app=app,
            action="membership.remove",
            args=args,
            status="ok",
        )


def _record_issue(token: AgentToken, *, by: str, user: Any) -> None:
    _record_token(token, "token.issue", _scope(token), by=by, user=user)


def _record_token(
    token: AgentToken, action: str, args: dict[str, Any], *, by: str, user: Any
) -> None:
    record(actor_label=by, user=_user(user), token=token, app=token.app or PLATFORM,
           action=action, args=args, status="ok")  # fmt: skip


def _scope(token: AgentToken) -> dict[str, Any]:
    scope: dict[str, Any] = {"token": token.pk, "name": token.name, "owner": token.owner_id}
    if token.app:
        scope |= {"actions": token.allowed_actions, "read_only": token.read_only}
    else:
        scope |= {"streams": token.stream_prefix, "scopes": token.stream_scopes}
    scope["expires"] = token.expires.isoformat() if token.expires else None
    return scope
