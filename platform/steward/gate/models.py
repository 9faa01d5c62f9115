"""Save Gate checkpoints: a known-good app, its data as a portable snapshot, and what it ran on."""

from __future__ import annotations

from django.db import models


class Checkpoint(models.Model):
    """One passed Save Gate: the app's data, skill version, action digest and migration state."""

    app = models.CharField(max_length=64, db_index=True)
    created = models.DateTimeField(auto_now_add=True)
    created_by = models.CharField(max_length=160, help_text='"user:alice", "cli:root" …')
    skill_version = models.ForeignKey(
        "skills.SkillVersion", null=True, blank=True, on_delete=models.SET_NULL, related_name="+"
    )
    actions_digest = models.CharField(max_length=64)
    migrations = models.JSONField(
        default=list, help_text="The app's applied migrations, oldest first."
    )
    data = models.JSONField(
        default=list, help_text="The app's records (Django serializers JSON), dependencies first."
    )
    record_counts = models.JSONField(default=dict)

    class Meta:
        ordering = ["-created", "-id"]

    def __str__(self) -> str:
        return f"{self.app} checkpoint {self.pk} ({self.created:%Y-%m-%d %H:%M})"
