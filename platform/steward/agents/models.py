"""Agent runs: one agent turn inside a durable session, from queued to a final state."""

from __future__ import annotations

import secrets
from typing import Any

from django.db import models


def new_run_id() -> str:
    return f"r_{secrets.token_hex(8)}"


class RunState(models.TextChoices):
    QUEUED = "queued", "Queued"
    RUNNING = "running", "Running"
    AWAITING_APPROVAL = "awaiting_approval", "Awaiting approval"
    COMPLETED = "completed", "Completed"
    FAILED = "failed", "Failed"
    CANCELLED = "cancelled", "Cancelled"
    INTERRUPTED = "interrupted", "Interrupted"


ACTIVE_STATES = (RunState.QUEUED, RunState.RUNNING, RunState.AWAITING_APPROVAL)


class Run(models.Model):
    """One agent turn. Sub-agents are runs with a ``parent`` writing into the same session.

    ``session_id`` is the durable session's id (``s_…``), kept as an indexed string so the
    run never needs a join to the log. ``messages`` holds the conversation of a run that is
    suspended (awaiting approval); ``pending`` maps approval ids to their tool call ids.
    """

    id = models.CharField(max_length=40, primary_key=True, default=new_run_id, editable=False)
    session_id = models.CharField(max_length=40, db_index=True)
    app = models.CharField(max_length=64)
    agent = models.CharField(max_length=64, default="main")
    parent = models.ForeignKey(
        "self", null=True, blank=True, on_delete=models.CASCADE, related_name="children"
    )
    state = models.CharField(
        max_length=24, choices=RunState.choices, default=RunState.QUEUED, db_index=True
    )
    started_by = models.CharField(max_length=128, help_text="Actor label of who asked.")
    token_id = models.CharField(max_length=64, blank=True, help_text="The run's agent token.")
    prompt = models.TextField(blank=True)
    prompt_seq = models.BigIntegerField(null=True, blank=True)
    instructions = models.TextField(blank=True, help_text="Extra instructions (sub-agents).")
    tool_names = models.JSONField(null=True, blank=True, help_text="Subset of tools, or all.")
    model = models.CharField(max_length=128, blank=True)
    steps = models.PositiveIntegerField(default=0)
    prompt_tokens = models.PositiveIntegerField(default=0)
    completion_tokens = models.PositiveIntegerField(default=0)
    output = models.TextField(blank=True, help_text="Text streamed so far (partial or final).")
    error = models.TextField(blank=True)
    messages = models.JSONField(default=list, blank=True)
    pending = models.JSONField(default=dict, blank=True)
    timings = models.JSONField(default=dict, blank=True)
    worker = models.CharField(max_length=128, blank=True)
    created = models.DateTimeField(auto_now_add=True)
    started = models.DateTimeField(null=True, blank=True)
    finished = models.DateTimeField(null=True, blank=True)
    heartbeat = models.DateTimeField(null=True, blank=True, db_index=True)

    class Meta:
        ordering = ["created"]
        indexes = [models.Index(fields=["session_id", "state"], name="agents_run_session_state")]

    def __str__(self) -> str:
        return f"{self.id} {self.agent} ({self.state})"

    @property
    def total_tokens(self) -> int:
        return self.prompt_tokens + self.completion_tokens

    @property
    def usage(self) -> dict[str, Any]:
        return {
            "prompt_tokens": self.prompt_tokens,
            "completion_tokens": self.completion_tokens,
            "total_tokens": self.total_tokens,
        }
