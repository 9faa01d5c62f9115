"""Concurrent duplicates with one Idempotency-Key execute exactly once (PostgreSQL, real server)."""

from __future__ import annotations

import json
import threading
import urllib.error
import urllib.request

import pytest

pytestmark = pytest.mark.production


def test_parallel_duplicates_execute_exactly_once(server, alice):
    from apps.ideaboard.models import Idea
    from steward.access.services import issue_token
    from steward.audit.models import AuditEntry

    _, secret = issue_token(name="codex", owner=alice, app="ideaboard")
    results: list[tuple[int, dict, str | None]] = []
    barrier = threading.Barrier(8)

    def post() -> None:
        request = urllib.request.Request(
            f"{server.url}/api/apps/ideaboard/actions/add_idea/",
            data=json.dumps({"title": "Exactly once"}).encode(),
            headers={"Authorization": f"Bearer {secret}", "Content-Type": "application/json",
                     "Idempotency-Key": "same-key"},
            method="POST",
        )  # fmt: skip
        barrier.wait()
        try:
            with urllib.request.urlopen(request, timeout=30) as response:
                body = json.loads(response.read())
                results.append((response.status, body, response.headers["Idempotent-Replayed"]))
        except urllib.error.HTTPError as exc:
            results.append((exc.code, json.loads(exc.read()), None))

    threads = [threading.Thread(target=post) for _ in range(8)]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join(timeout=60)

    assert [status for status, _, _ in results] == [200] * 8, results
    assert Idea.objects.filter(title="Exactly once").count() == 1
    assert len({body["result"]["id"] for _, body, _ in results}) == 1
    assert sum(1 for *_, replayed in results if replayed == "true") == 7
    assert AuditEntry.objects.filter(status="ok").count() == 1
