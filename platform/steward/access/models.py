from __future__ import annotations

from django.conf import settings
from django.db import models

from steward.access.roles import Role


class Membership(models.Model):
    """A person's role on one hosted app's team."""

    user = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.CASCADE, related_name="memberships"
    )
    app = models.CharField(max_length=64, help_text="The hosted app's name (its app label).")
    role = models.CharField(max_length=16, choices=Role.choices, default=Role.OPERATOR)
    created = models.DateTimeField(auto_now_add=True)

    class Meta:
        constraints = [
            models.UniqueConstraint(fields=["user", "app"], name="membership_one_role_per_app")
        ]
        ordering = ["app", "user_id"]

    def __str__(self) -> str:
        return f"{self.user} · {self.app} · {self.role}"
