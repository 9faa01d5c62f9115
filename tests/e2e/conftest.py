"""Fixtures of the browser tests: a demo server (offline model, in-process runner), admins."""

from __future__ import annotations

from collections.abc import Iterator
from pathlib import Path
from typing import Any

import pytest

from tests.conftest import PASSWORD
from tests.support.openai_standin import OpenAIStandIn
from tests.support.servers import Server, daphne_server


@pytest.fixture
def demo_server(transactional_db: Any, tmp_path: Path) -> Iterator[Server]:
    env = {"OPENAI_BASE_URL": "", "OPENAI_API_KEY": "", "STEWARD_RUNNER": "inprocess"}
    with daphne_server(tmp_path, **env) as srv:
        yield srv


@pytest.fixture
def model() -> Iterator[OpenAIStandIn]:
    """The stand-in model server (the real OpenAI wire format); script its replies."""
    with OpenAIStandIn() as standin:
        yield standin


@pytest.fixture
def model_server(transactional_db: Any, tmp_path: Path, model: OpenAIStandIn) -> Iterator[Server]:
    """A server whose agents talk to the stand-in model, running in process."""
    with daphne_server(tmp_path, **model.server_env()) as srv:
        yield srv


@pytest.fixture
def ada(django_user_model: Any) -> Any:
    """An admin of the idea board: she may decide its approvals."""
    from steward.access.models import Membership

    user = django_user_model.objects.create_user("ada", "ada@example.com", PASSWORD)
    Membership.objects.create(user=user, app="ideaboard", role="admin")
    return user


@pytest.fixture
def grace(django_user_model: Any) -> Any:
    """A second admin of the idea board, deciding from the approvals inbox."""
    from steward.access.models import Membership

    user = django_user_model.objects.create_user("grace", "grace@example.com", PASSWORD)
    Membership.objects.create(user=user, app="ideaboard", role="admin")
    return user
