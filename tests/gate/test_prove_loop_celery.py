"""prove_loop in the production configuration: the run executes in a real Celery worker."""

from __future__ import annotations

from io import StringIO
from pathlib import Path
from typing import Any

import pytest
from django.core.management import call_command
from django.test import override_settings

from apps.ideaboard.models import Idea
from tests.support.celery_worker import celery_worker, unique_queue
from tests.support.openai_standin import OpenAIStandIn, Reply
from tests.support.servers import subprocess_env


@pytest.mark.production
def test_it_passes_with_the_run_in_a_celery_worker(
    transactional_db: None, carol: Any, tmp_path: Path
) -> None:
    queue = unique_queue()
    with OpenAIStandIn() as model:
        model.script(Reply.calls(("add_idea", {"title": "Via Celery"})), Reply.say("Added."))
        env = subprocess_env(
            STEWARD_CELERY_QUEUE=queue,
            STEWARD_RUNNER="celery",
            OPENAI_BASE_URL=model.base_url,
            OPENAI_API_KEY="test-key",
            STEWARD_MODEL_MAX_RETRIES="0",
        )
        out = StringIO()
        with (
            override_settings(STEWARD_RUNNER="celery", CELERY_TASK_DEFAULT_QUEUE=queue),
            celery_worker(tmp_path / "worker.log", env),
        ):
            call_command(
                "prove_loop", "ideaboard", "add an idea called Via Celery", "--timeout", "60",
                stdout=out,
            )  # fmt: skip
    assert "PASS" in out.getvalue()
    assert Idea.objects.filter(title="Via Celery").exists()
