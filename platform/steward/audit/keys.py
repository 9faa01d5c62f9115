"""The audit chain's signing keys, kept outside the database (STEWARD_AUDIT_KEYS).

``STEWARD_AUDIT_KEYS="kid2:new-secret,kid1:old-secret"``: the first key signs new entries;
the others only verify the entries signed with them, so a key rotates without rewriting
the log. Each entry stores the id of the key that signed it (``AuditEntry.key_id``).
"""

from __future__ import annotations

import re

from django.core.exceptions import ImproperlyConfigured

DEVELOPMENT_KEYS = "dev:steward-embedded-development-audit-key-not-for-production"
MIN_SECRET_LENGTH = 32
_KEY_ID = re.compile(r"^[A-Za-z0-9_.-]{1,32}$")
HOW_TO_SET = (
    "Set STEWARD_AUDIT_KEYS=<key id>:<secret>, e.g. STEWARD_AUDIT_KEYS=k1:$(python -c "
    "'import secrets; print(secrets.token_urlsafe(32))'). To rotate, put the new key first "
    "and keep the old ones after it: STEWARD_AUDIT_KEYS=k2:<new>,k1:<old>."
)


def parse_keys(raw: str, *, production: bool) -> dict[str, str]:
    """``{key id: secret}`` in the order given (the first signs); raises ImproperlyConfigured."""
    keys: dict[str, str] = {}
    for item in (part.strip() for part in raw.split(",")):
        kid, colon, secret = item.partition(":")
        kid, secret = kid.strip(), secret.strip()
        if not colon or not _KEY_ID.match(kid) or not secret:
            raise ImproperlyConfigured(
                f"STEWARD_AUDIT_KEYS has a malformed item {kid or item!r}: each is <key id>:"
                f"<secret>, the id 1-32 letters, digits, '_', '.' or '-'. {HOW_TO_SET}"
            )
        if kid in keys:
            raise ImproperlyConfigured(
                f"STEWARD_AUDIT_KEYS names key id {kid!r} twice. {HOW_TO_SET}"
            )
        if production and (len(secret) < MIN_SECRET_LENGTH or item == DEVELOPMENT_KEYS):
            raise ImproperlyConfigured(
                f"STEWARD_AUDIT_KEYS key {kid!r} is too weak for production (the development "
                f"key, or under {MIN_SECRET_LENGTH} characters). {HOW_TO_SET}"
            )
        keys[kid] = secret
    return keys


def signing_key() -> tuple[str, bytes]:
    """The key id and secret that sign new entries (the first of STEWARD_AUDIT_KEYS)."""
    from django.conf import settings

    kid, secret = next(iter(settings.STEWARD_AUDIT_KEYS.items()))
    return kid, secret.encode()


def verifying_key(kid: str) -> bytes | None:
    """The secret of key ``kid``, or None when STEWARD_AUDIT_KEYS no longer holds it."""
    from django.conf import settings

    secret = settings.STEWARD_AUDIT_KEYS.get(kid)
    return secret.encode() if secret is not None else None
