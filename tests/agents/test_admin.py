"""Runs are reviewable, read-only, in Django admin."""

from __future__ import annotations

from typing import Any

from django.contrib.admin.utils import quote
from django.test import Client
from django.urls import reverse


def test_an_admin_reviews_runs_read_only(db: Any, carol: Any, alice: Any) -> None:
    from steward.agents.models import Run

    run = Run.objects.create(
        id="r_5f2f3a",  # hex that collides with the admin's quoting escapes
        session_id="s_x",
        app="ideaboard",
        started_by="user:alice",
        output="Hello",
        state="completed",
    )
    client = Client()
    client.force_login(carol)
    listing = client.get("/admin/agents/run/")
    assert listing.status_code == 200 and run.id in listing.content.decode()
    # Admin URLs quote primary keys ("r_5f…" would otherwise unquote to another id).
    detail = client.get(reverse("admin:agents_run_change", args=[quote(run.id)]))
    assert detail.status_code == 200 and "Hello" in detail.content.decode()
    assert client.get("/admin/agents/run/add/").status_code == 403
