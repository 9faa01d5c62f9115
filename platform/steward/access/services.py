"""Services of the access package: issuing and revoking agent tokens."""

from __future__ import annotations

from datetime import timedelta
from typing import Any

from django.core.exceptions import ValidationError
from django.utils import timezone

from steward.access.models import AgentToken
from steward.access.tokens import new_secret
from steward.hosting.registry import hosted_apps


def issue_token(
    *,
    name: str,
    owner: Any,
    app: str,
    actions: list[str] | None = None,
    read_only: bool = False,
    expires: timedelta | None = None,
    run_id: str | None = None,
) -> tuple[AgentToken, str]:
    """Create a token and return it with its secret (shown once: only its hash is stored).

    ``actions`` are names the caller has checked against the app's actions
    (steward.actions.permissions.check_action_names); None means every action of the app.
    ``run_id``: the agent run the token is issued for, if any.
    """
    if app not in hosted_apps:
        raise ValidationError(
            f"No hosted app is called {app!r}. Choose one of: {', '.join(hosted_apps.names())}."
        )
    token = AgentToken(
        name=name,
        owner=owner,
        app=app,
        allowed_actions=sorted(set(actions)) if actions else None,
        read_only=read_only,
        expires=timezone.now() + expires if expires else None,
        run_id=run_id,
    )
    secret = save_with_new_secret(token)
    return token, secret


STREAM_SCOPES = ("read", "write", "create")


def issue_stream_token(
    *,
    name: str,
    owner: Any,
    prefix: str,
    scopes: list[str],
    expires: timedelta | None = None,
) -> tuple[AgentToken, str]:
    """A token for the generic streams under ``prefix`` (/ds/), with ``scopes``; no app."""
    unknown = sorted(set(scopes) - set(STREAM_SCOPES))
    if unknown or not scopes:
        raise ValidationError(
            f"Stream scopes are {', '.join(STREAM_SCOPES)} (comma separated), not "
            f"{', '.join(unknown) or 'nothing'}."
        )
    token = AgentToken(
        name=name,
        owner=owner,
        app="",
        stream_prefix="/" + prefix.strip().lstrip("/"),
        stream_scopes=",".join(s for s in STREAM_SCOPES if s in scopes),
        expires=timezone.now() + expires if expires else None,
    )
    secret = save_with_new_secret(token)
    return token, secret


def save_with_new_secret(token: AgentToken) -> str:
    """Give an unsaved token its secret, save it, and return the secret (its only showing)."""
    secret, token.prefix, token.secret_hash = new_secret()
    token.save(force_insert=True)  # one INSERT: atomic on its own, no savepoint needed
    return secret


def revoke_token(*, token_id: int) -> None:
    AgentToken.objects.filter(pk=token_id, revoked__isnull=True).update(revoked=timezone.now())
