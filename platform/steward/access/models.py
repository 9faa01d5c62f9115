from __future__ import annotations

from django.conf import settings
from django.db import models
from django.utils import timezone

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


class AgentToken(models.Model):
    """A credential an agent uses to call one app's Safe Actions on behalf of its owner.

    The secret is shown once when issued; only its sha256 is stored, found by ``prefix``.
    A token never exceeds its owner: the owner's team role is checked on every call too.
    """

    name = models.CharField(max_length=100, help_text="Who uses it, e.g. codex or nightly-bot.")
    owner = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="agent_tokens"
    )
    app = models.CharField(max_length=64, help_text="The one hosted app this token may call.")
    allowed_actions = models.JSONField(
        null=True,
        blank=True,
        help_text="Action names this token may call; empty means every action of the app.",
    )
    read_only = models.BooleanField(default=False, help_text="Only read-only actions.")
    stream_prefix = models.CharField(
        max_length=512,
        blank=True,
        help_text="Generic streams (/ds/) this token may use: paths starting with this.",
    )
    stream_scopes = models.CharField(
        max_length=32,
        blank=True,
        help_text="Comma separated: read, write, create (create also deletes).",
    )
    expires = models.DateTimeField(null=True, blank=True)
    revoked = models.DateTimeField(null=True, blank=True)
    last_used = models.DateTimeField(null=True, blank=True)
    created = models.DateTimeField(auto_now_add=True)
    # The agent run a token was issued for (every person's message issues one): its id, not
    # a foreign key, since runs live in a package above this one.
    run_id = models.CharField(
        max_length=40,
        null=True,
        blank=True,
        db_index=True,
        editable=False,
        help_text="The agent run this token was issued for; empty for a token people use.",
    )
    prefix = models.CharField(max_length=16, unique=True, editable=False)
    secret_hash = models.CharField(max_length=64, editable=False)

    class Meta:
        ordering = ["-created"]

    def __str__(self) -> str:
        return f"{self.name} ({self.app})"

    @property
    def label(self) -> str:
        return f"token:{self.name}"

    @property
    def is_revoked(self) -> bool:
        return self.revoked is not None

    @property
    def is_expired(self) -> bool:
        return self.expires is not None and self.expires <= timezone.now()

    @property
    def is_active(self) -> bool:
        return not self.is_revoked and not self.is_expired

    def covers_stream(self, path: str, scope: str) -> bool:
        """True when this token may use ``scope`` (read/write/create) on stream ``path``."""
        if not self.stream_prefix or scope not in self.stream_scopes.split(","):
            return False
        return path.startswith(self.stream_prefix)
