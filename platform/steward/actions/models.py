"""Safe Actions' own records: idempotency keys (Stripe semantics) and approvals."""

from __future__ import annotations

from typing import Any

from django.conf import settings
from django.db import models


class IdempotencyRecord(models.Model):
    """The first call's response for (caller, action, key); replayed for the same arguments."""

    scope = models.CharField(max_length=64, help_text="token:<id> or user:<id>")
    app = models.CharField(max_length=64)
    action = models.CharField(max_length=64)
    key = models.CharField(max_length=255)
    args_hash = models.CharField(max_length=64)
    http_status = models.PositiveSmallIntegerField(default=0)
    body = models.JSONField(default=dict)
    created = models.DateTimeField(auto_now_add=True)
    expires = models.DateTimeField(db_index=True)

    class Meta:
        constraints = [
            models.UniqueConstraint(
                fields=["scope", "app", "action", "key"], name="idempotency_key_once_per_scope"
            )
        ]

    def __str__(self) -> str:
        return f"{self.scope} {self.app}.{self.action} {self.key}"


class Approval(models.Model):
    """An agent's call of a ``requires_approval`` action, waiting for a person's decision."""

    class State(models.TextChoices):
        PENDING = "pending", "Pending"
        APPROVED = "approved", "Approved"
        REJECTED = "rejected", "Rejected"
        FAILED = "failed", "Approved, but the action failed"

    app = models.CharField(max_length=64)
    action = models.CharField(max_length=64)
    args = models.JSONField(default=dict)
    token = models.ForeignKey(
        "access.AgentToken", on_delete=models.PROTECT, related_name="approvals"
    )
    requested_by = models.CharField(max_length=160)
    session_id = models.CharField(max_length=64, blank=True, default="")
    run_id = models.CharField(max_length=64, blank=True, default="")
    state = models.CharField(max_length=16, choices=State.choices, default=State.PENDING)
    decided_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.PROTECT, related_name="+"
    )
    decided = models.DateTimeField(null=True, blank=True)
    reason = models.TextField(blank=True, default="")
    result = models.JSONField(null=True, blank=True)
    created = models.DateTimeField(auto_now_add=True)

    class Meta:
        # The table keeps the name it had when approvals lived in the audit package.
        db_table = "audit_approval"
        ordering = ["-id"]
        indexes = [models.Index(fields=["state", "-id"], name="approval_state_idx")]

    def __str__(self) -> str:
        return (
            f"Approval #{self.pk}: {self.app}.{self.action} by {self.requested_by} ({self.state})"
        )

    def to_dict(self) -> dict[str, Any]:
        return {
            "id": self.pk,
            "state": self.state,
            "app": self.app,
            "action": self.action,
            "args": self.args,
            "requested_by": self.requested_by,
            "session_id": self.session_id or None,
            "run_id": self.run_id or None,
            "decided_by": self.decided_by.get_username() if self.decided_by else None,
            "decided": self.decided.isoformat() if self.decided else None,
            "reason": self.reason,
            "result": self.result,
            "created": self.created.isoformat() if self.created else None,
            "url": f"/api/approvals/{self.pk}/",
        }
