"""Stored results of calls made with an Idempotency-Key (Stripe semantics)."""

from __future__ import annotations

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
