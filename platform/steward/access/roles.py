"""Team roles of people, per hosted app: viewer < operator < admin."""

from __future__ import annotations

from django.db import models


class Role(models.TextChoices):
    VIEWER = "viewer", "Viewer"
    OPERATOR = "operator", "Operator"
    ADMIN = "admin", "Admin"


RANK = {Role.VIEWER: 1, Role.OPERATOR: 2, Role.ADMIN: 3}


def at_least(role: str | None, needed: str) -> bool:
    """True when ``role`` is ``needed`` or a higher role."""
    return role is not None and RANK[Role(role)] >= RANK[Role(needed)]
