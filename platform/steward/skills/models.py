"""Skills and their versions: every saved SKILL.md text is kept, with its content digest."""

from __future__ import annotations

import hashlib

from django.db import models


def content_digest(text: str) -> str:
    """The sha256 hex digest of a SKILL.md text (its UTF-8 bytes, as served)."""
    return hashlib.sha256(text.encode("utf-8")).hexdigest()


class Skill(models.Model):
    """One skill folder, ``skills/<name>/SKILL.md``; ``app`` is set when it operates an app."""

    name = models.CharField(max_length=64, unique=True)
    app = models.CharField(max_length=64, blank=True, default="", db_index=True)
    synced_digest = models.CharField(
        max_length=64,
        blank=True,
        default="",
        help_text="Digest of the text last written to or read from disk (detects sync conflicts).",
    )
    created = models.DateTimeField(auto_now_add=True)

    class Meta:
        ordering = ["name"]

    def __str__(self) -> str:
        return self.name

    def current(self) -> SkillVersion | None:
        return self.versions.order_by("-created", "-id").first()


class SkillVersion(models.Model):
    """One immutable text of a skill."""

    skill = models.ForeignKey(Skill, on_delete=models.CASCADE, related_name="versions")
    content = models.TextField()
    digest = models.CharField(max_length=64, editable=False)
    actions_digest = models.CharField(
        max_length=64,
        blank=True,
        default="",
        help_text="Digest of the app's action registry the text was generated from.",
    )
    author = models.CharField(
        max_length=150, help_text='Who saved it: "user:alice", "generator", "disk".'
    )
    created = models.DateTimeField(db_index=True)

    class Meta:
        ordering = ["-created", "-id"]
        get_latest_by = "created"

    def __str__(self) -> str:
        return f"{self.skill.name} @ {self.digest[:12]}"

    def save(self, *args: object, **kwargs: object) -> None:
        self.digest = content_digest(self.content)
        super().save(*args, **kwargs)  # type: ignore[arg-type]
