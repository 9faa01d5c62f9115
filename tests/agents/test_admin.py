"""Runs are reviewable, read-only, in Django admin."""

from __future__ import annotations

from typing import Any

from django.test import Client


def test_an_admin_reviews_runs_read_only(db: Any, carol: Any, alice: Any) -> None:
    from steward.agents.models import Run

    run = Run.objects.create(
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
    detail = client.get(f"/admin/agents/run/{run.id}/change/")
    assert detail.status_code == 200 and "Hello" in detail.content.decode()
    assert client.get("/admin/agents/run/add/").status_code == 403
