"""Generic streams: one row per stream, its bytes in ordered chunks, its producers' state.

A stream's position is a byte count (``tail``): each chunk holds the bytes that end at
``end``, so a read from any position is one indexed range query. Payloads are bytes
(``bytea`` on PostgreSQL, ``BLOB`` on SQLite) and come back exactly as they were sent;
JSON streams keep each append's messages as comma-separated JSON texts (see formats.py).
"""

from __future__ import annotations

from datetime import datetime, timedelta

from django.db import models
from django.utils import timezone


class DsStream(models.Model):
    """A client-created stream and its configuration (content type, TTL or expiry)."""

    path = models.CharField(max_length=512, unique=True)
    content_type = models.CharField(max_length=255)
    ttl_seconds = models.BigIntegerField(null=True, blank=True)
    expires_at = models.DateTimeField(null=True, blank=True)
    # The Stream-Expires-At text as the client sent it: echoed back, compared on re-create.
    expires_at_text = models.CharField(max_length=64, blank=True)
    # TTLs slide: every read or write renews them (the conformance suite's TTL group).
    last_access = models.DateTimeField(default=timezone.now)
    tail = models.BigIntegerField(default=0)
    closed = models.BooleanField(default=False)
    # "<producer id> <epoch> <seq>" of the producer request that closed the stream, so a
    # retried close is recognised as a duplicate.
    closed_by = models.CharField(max_length=300, blank=True)
    # The last Stream-Seq a writer sent (scope: the stream; compared byte-wise).
    writer_seq = models.CharField(max_length=200, blank=True)
    # A fork starts as a copy of its source's bytes up to ``fork_offset`` (plus the first
    # ``fork_sub_offset`` bytes or JSON messages of the next append). The link stays so a
    # deleted source with living forks is kept, soft-deleted (410), until its last fork goes.
    forked_from = models.ForeignKey(
        "self", null=True, blank=True, on_delete=models.PROTECT, related_name="forks"
    )
    fork_offset = models.BigIntegerField(null=True, blank=True)
    fork_sub_offset = models.BigIntegerField(default=0)
    deleted = models.BooleanField(default=False)
    created = models.DateTimeField(auto_now_add=True)

    class Meta:
        verbose_name = "durable stream"

    def __str__(self) -> str:
        return f"{self.path} @ {self.tail}"

    def expiry(self) -> datetime | None:
        """When the stream expires if nobody touches it again (None: never)."""
        if self.expires_at is not None:
            return self.expires_at
        if self.ttl_seconds is not None:
            return self.last_access + timedelta(seconds=self.ttl_seconds)
        return None

    def is_expired(self) -> bool:
        expiry = self.expiry()
        return expiry is not None and expiry <= timezone.now()

    def is_gone(self) -> bool:
        """Deleted or expired while forks still hang on it: it answers 410."""
        return self.deleted or (self.is_expired() and self.forks.exists())


class DsChunk(models.Model):
    """Bytes of one stream ending at byte position ``end`` (exclusive)."""

    stream = models.ForeignKey(DsStream, on_delete=models.CASCADE, related_name="chunks")
    end = models.BigIntegerField()
    data = models.BinaryField()

    class Meta:
        constraints = [
            models.UniqueConstraint(fields=["stream", "end"], name="ds_chunk_unique_end"),
        ]

    def __str__(self) -> str:
        return f"{self.stream_id} ..{self.end}"


class DsProducer(models.Model):
    """An idempotent producer's epoch and last accepted sequence number on one stream."""

    stream = models.ForeignKey(DsStream, on_delete=models.CASCADE, related_name="producers")
    producer_id = models.CharField(max_length=255)
    epoch = models.BigIntegerField()
    last_seq = models.BigIntegerField()
    updated = models.DateTimeField(auto_now=True)

    class Meta:
        constraints = [
            models.UniqueConstraint(fields=["stream", "producer_id"], name="ds_producer_unique"),
        ]

    def __str__(self) -> str:
        return f"{self.producer_id} e{self.epoch} s{self.last_seq}"
