"""rate="N/unit": per caller and action, 429 with Retry-After beyond it."""

from __future__ import annotations

import threading
import uuid
from concurrent.futures import ThreadPoolExecutor
from typing import Any

import pytest
from django.core.cache import cache

from steward.actions import ratelimit
from steward.actions.exceptions import RateLimited
from steward.actions.registry import actions
from steward.actions.spec import build_spec
from tests.support.actions_api import call

pytestmark = pytest.mark.django_db


@pytest.fixture
def limited():
    def ping(ctx: Any) -> dict[str, Any]:
        return {"pong": True}

    spec = actions.register(
        build_spec(ping, app="ideaboard", description="Ping.", read_only=True, rate="2/m")
    )
    cache.clear()
    yield spec
    actions.unregister("ideaboard", "ping")
    cache.clear()


def test_calls_beyond_the_rate_answer_429_with_retry_after(agent, limited):
    assert call(agent, "ideaboard", "ping").status_code == 200
    assert call(agent, "ideaboard", "ping").status_code == 200

    response = call(agent, "ideaboard", "ping")

    assert response.status_code == 429
    assert 1 <= int(response["Retry-After"]) <= 60
    assert response.json()["error"]["code"] == "rate_limited"


def test_the_limit_is_per_token(api, issue, limited):
    for name in ("one", "two"):
        _, secret = issue(name=name)
        api.credentials(HTTP_AUTHORIZATION=f"Bearer {secret}")
        assert call(api, "ideaboard", "ping").status_code == 200
        assert call(api, "ideaboard", "ping").status_code == 200


def test_a_rate_limited_call_is_audited_as_denied(agent, limited):
    from steward.audit.models import AuditEntry

    for _ in range(3):
        call(agent, "ideaboard", "ping")

    entry = AuditEntry.objects.order_by("-seq").first()
    assert entry is not None and entry.status == "denied"
    assert entry.error["code"] == "rate_limited"


def test_concurrent_callers_never_get_more_than_the_limit_through():
    def burst(ctx: Any) -> dict[str, Any]:
        return {}

    # A thirty-day window, so the burst cannot straddle two windows.
    spec = build_spec(burst, app="ideaboard", description="Burst.", read_only=True, rate="5/30d")
    scope = f"token:{uuid.uuid4().hex}"  # a caller of its own: no cache.clear() needed
    callers = 16
    start = threading.Barrier(callers)

    def one_call() -> bool:
        start.wait(timeout=10)
        try:
            ratelimit.check(scope=scope, spec=spec)
        except RateLimited as exc:
            assert exc.retry_after >= 1
            return False
        return True

    with ThreadPoolExecutor(max_workers=callers) as pool:
        allowed = list(pool.map(lambda _: one_call(), range(callers)))

    assert allowed.count(True) == 5
