"""Agent token secrets: generated with high entropy, stored as sha256, found by a prefix.

A sha256 (not a slow password hash) is right here: the secret is 256 random bits, so there is
nothing to brute-force, and the check runs on every API call.
"""

from __future__ import annotations

import hashlib
import hmac
import secrets
from datetime import timedelta

from django.db.models import OuterRef, Subquery
from django.utils import timezone

from steward.access.exceptions import InvalidToken
from steward.access.models import AgentToken, Membership

SCHEME = "stw"
LAST_USED_EVERY = timedelta(seconds=60)


def new_secret() -> tuple[str, str, str]:
    """A fresh ``(secret, prefix, sha256 hex)``; the secret looks like ``stw_<prefix>_<random>``."""
    prefix = secrets.token_hex(6)
    secret = f"{SCHEME}_{prefix}_{secrets.token_urlsafe(32)}"
    return secret, prefix, hash_secret(secret)


def hash_secret(secret: str) -> str:
    return hashlib.sha256(secret.encode()).hexdigest()


def authenticate_bearer(secret: str) -> AgentToken:
    """The active token for ``secret``; raises InvalidToken saying what is wrong."""
    parts = secret.strip().split("_", 2)
    if len(parts) != 3 or parts[0] != SCHEME:
        raise InvalidToken(
            "Malformed agent token. Send the secret printed by issue_token: "
            "'Authorization: Bearer stw_…'."
        )
    # The owner's role on the token's app comes along, saving authorization a query per call.
    role = Membership.objects.filter(user=OuterRef("owner"), app=OuterRef("app")).values("role")
    token = (
        AgentToken.objects.select_related("owner")
        .annotate(owner_role=Subquery(role[:1]))
        .filter(prefix=parts[1])
        .first()
    )
    if token is None or not hmac.compare_digest(token.secret_hash, hash_secret(secret.strip())):
        raise InvalidToken("Unknown agent token. Ask an admin to issue one (issue_token).")
    check_active(token)
    _touch(token)
    return token


def check_active(token: AgentToken) -> None:
    if token.is_revoked:
        raise InvalidToken(
            f"Agent token {token.name!r} was revoked. Ask an admin for a new one.", token=token
        )
    if token.is_expired:
        raise InvalidToken(
            f"Agent token {token.name!r} has expired. Ask an admin for a new one.", token=token
        )
    if not token.owner.is_active:
        raise InvalidToken(f"The owner of agent token {token.name!r} is deactivated.", token=token)


def _touch(token: AgentToken) -> None:
    # At most one write a minute per token: last_used is for people, not for accounting.
    now = timezone.now()
    if token.last_used is None or now - token.last_used > LAST_USED_EVERY:
        AgentToken.objects.filter(pk=token.pk).update(last_used=now)
        token.last_used = now
