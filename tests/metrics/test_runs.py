"""A finished run moves the run, first-token and token metrics; a parked one the approvals."""

from __future__ import annotations

from typing import Any

from tests.agents.conftest import finished, say
from tests.agents.test_approvals import park
from tests.metrics.support import sample
from tests.support.openai_standin import OpenAIStandIn, Reply


def test_a_completed_run_counts_its_state_first_token_and_tokens(
    model: OpenAIStandIn, alice: Any
) -> None:
    from steward.live.services import create_session

    session = create_session(app="ideaboard", title="Metrics", created_by=alice)
    completed = sample("steward_runs_total", state="completed")
    first = sample("steward_run_first_token_seconds_count")
    prompt = sample("steward_model_tokens_total", kind="prompt")
    completion = sample("steward_model_tokens_total", kind="completion")
    model.script(Reply.say("Hello there, friend."))

    run = finished(say(session.id, "hello", alice).id)

    assert run.state == "completed", run.error
    assert sample("steward_runs_total", state="completed") == completed + 1
    assert sample("steward_run_first_token_seconds_count") == first + 1
    assert (
        sample("steward_model_tokens_total", kind="prompt") == prompt + run.prompt_tokens > prompt
    )
    assert (
        sample("steward_model_tokens_total", kind="completion")
        == completion + run.completion_tokens
        > completion
    )


def test_a_parked_call_is_a_pending_approval(model: OpenAIStandIn, alice: Any) -> None:
    from steward.live.services import create_session

    session = create_session(app="ideaboard", title="Approvals", created_by=alice)
    before = sample("steward_approvals_pending")
    park(model, session, alice)
    assert sample("steward_approvals_pending") == before + 1
