"""The audit log: append-only, hash-chained entries, one per state change someone made."""

from __future__ import annotations

from typing import Any, NoReturn

from django.conf import settings
from django.db import models

from steward.audit.exceptions import AppendOnly


class Status(models.TextChoices):
    OK = "ok", "OK"
    ERROR = "error", "Error"
    INVALID = "invalid", "Invalid"
    DENIED = "denied", "Denied"
    PENDING = "pending", "Pending approval"
    APPROVED = "approved", "Approved and run"
    REJECTED = "rejected", "Rejected"
    REPLAYED = "replayed", "Replayed (idempotent)"
    DRY_RUN = "dry_run", "Dry run"


class AuditQuerySet(models.QuerySet["AuditEntry"]):
    """Refuses bulk changes: audit rows are appended one by one through services.record."""

    def update(self, **kwargs: Any) -> NoReturn:
        raise AppendOnly("Audit entries are append-only; they cannot be updated.")

    def delete(self) -> NoReturn:
        raise AppendOnly("Audit entries are append-only; they cannot be deleted.")

    def bulk_create(self, *args: Any, **kwargs: Any) -> NoReturn:
        raise AppendOnly("Append audit entries with steward.audit.services.record (hash chain).")


class ChainHead(models.Model):
    """One row: the last link of the hash chain. Locking it serializes appends."""

    seq = models.BigIntegerField(default=0)
    hash = models.CharField(max_length=64, default="")
    prev_hash = models.CharField(max_length=64, default="")  # the last entry's prev_hash

    def __str__(self) -> str:
        return f"chain head at seq {self.seq}"


class AuditEntry(models.Model):
    """One Safe Action call: who, what, with which arguments, and what came of it."""

    seq = models.BigIntegerField(unique=True, editable=False)
    created = models.DateTimeField(db_index=True)
    actor_label = models.CharField(max_length=160)
    user = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, on_delete=models.PROTECT, related_name="+"
    )
    token = models.ForeignKey(
        "access.AgentToken", null=True, on_delete=models.PROTECT, related_name="+"
    )
    approver = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, on_delete=models.PROTECT, related_name="+"
    )
    approval_id = models.BigIntegerField(null=True)
    app = models.CharField(max_length=64)
    action = models.CharField(max_length=64)
    args = models.JSONField(default=dict)
    result = models.JSONField(null=True)
    error = models.JSONField(null=True)
    status = models.CharField(max_length=16, choices=Status.choices)
    duration_ms = models.FloatField(default=0)
    idempotency_key = models.CharField(max_length=255, blank=True, default="")
    session_id = models.CharField(max_length=64, blank=True, default="")
    run_id = models.CharField(max_length=64, blank=True, default="")
    request_id = models.CharField(max_length=128, blank=True, default="")
    client_addr = models.GenericIPAddressField(null=True)
    user_agent = models.CharField(max_length=512, blank=True, default="")
    prev_hash = models.CharField(max_length=64)
    hash = models.CharField(max_length=64)

    objects = AuditQuerySet.as_manager()

    class Meta:
        ordering = ["-id"]
        verbose_name_plural = "audit entries"
        indexes = [
            models.Index(fields=["app", "-id"], name="audit_app_idx"),
            models.Index(fields=["action", "-id"], name="audit_action_idx"),
            models.Index(fields=["status", "-id"], name="audit_status_idx"),
            models.Index(fields=["actor_label", "-id"], name="audit_actor_idx"),
            models.Index(fields=["session_id"], name="audit_session_idx"),
        ]

    def __str__(self) -> str:
        return f"#{self.seq} {self.actor_label} {self.app}.{self.action} {self.status}"

    def save(self, *args: Any, **kwargs: Any) -> None:
        if not self._state.adding:
            raise AppendOnly("Audit entries are append-only; this one is already saved.")
        super().save(*args, **kwargs)

    def delete(self, *args: Any, **kwargs: Any) -> NoReturn:
        raise AppendOnly("Audit entries are append-only; they cannot be deleted.")
