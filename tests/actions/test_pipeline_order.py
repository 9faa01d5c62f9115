"""The pipeline's order decides which answer a call with several faults gets."""

from __future__ import annotations

import pytest

from steward.audit.models import AuditEntry
from tests.support.actions_api import call

pytestmark = pytest.mark.django_db


def test_authentication_comes_before_the_action_lookup(api):
    assert call(api, "ideaboard", "no_such_action").status_code == 401


def test_authorization_comes_before_validation(api, issue):
    _, secret = issue(actions=["list_ideas"])
    api.credentials(HTTP_AUTHORIZATION=f"Bearer {secret}")

    assert call(api, "ideaboard", "add_idea", {"title": 42}).status_code == 403


def test_invalid_calls_do_not_use_up_idempotency_keys(agent):
    bad = call(agent, "ideaboard", "add_idea", {"title": ""}, HTTP_IDEMPOTENCY_KEY="k")
    good = call(agent, "ideaboard", "add_idea", {"title": "ok"}, HTTP_IDEMPOTENCY_KEY="k")

    assert (bad.status_code, good.status_code) == (400, 200)


def test_every_answer_carries_a_request_id_that_the_audit_row_keeps(agent):
    ok = call(agent, "ideaboard", "add_idea", {"title": "x"}, HTTP_X_REQUEST_ID="req-123")
    bad = call(agent, "ideaboard", "add_idea", {})

    assert ok["X-Request-Id"] == "req-123"
    assert len(bad["X-Request-Id"]) == 32
    assert list(AuditEntry.objects.order_by("seq").values_list("request_id", flat=True)) == [
        "req-123", bad["X-Request-Id"],
    ]  # fmt: skip


def test_the_audit_row_keeps_session_run_client_and_user_agent(agent):
    call(agent, "ideaboard", "add_idea", {"title": "x"}, HTTP_X_STEWARD_SESSION="s_1",
         HTTP_X_STEWARD_RUN="r_2", HTTP_USER_AGENT="codex/1.0")  # fmt: skip

    entry = AuditEntry.objects.calls().get()
    assert (entry.session_id, entry.run_id, entry.user_agent, entry.client_addr) == (
        "s_1", "r_2", "codex/1.0", "127.0.0.1",
    )  # fmt: skip
    assert entry.token is not None and entry.user is not None and entry.duration_ms > 0
