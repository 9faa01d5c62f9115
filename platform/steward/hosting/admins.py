"""Make sure someone can log in to a fresh installation."""

from __future__ import annotations

import secrets
from dataclasses import dataclass

from django.contrib.auth import get_user_model
from django.db import transaction

ADMIN_USERNAME = "admin"


@dataclass(frozen=True)
class AdminAccount:
    username: str
    created: bool
    # The new password, only when this call created the account; never stored in clear.
    password: str | None = None


@transaction.atomic
def ensure_admin(*, password: str | None = None, username: str = ADMIN_USERNAME) -> AdminAccount:
    """Create a superuser when there is none; an existing superuser is left untouched."""
    User = get_user_model()
    existing = User.objects.filter(is_superuser=True).order_by("pk").first()
    if existing is not None:
        return AdminAccount(username=existing.get_username(), created=False)
    password = password or secrets.token_urlsafe(12)
    User.objects.create_superuser(username=username, email="", password=password)
    return AdminAccount(username=username, created=True, password=password)
