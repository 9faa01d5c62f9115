"""Safe Actions test helpers: agent tokens, REST clients that carry them, and `call`."""

from __future__ import annotations

from collections.abc import Callable
from typing import Any

import pytest
from rest_framework.test import APIClient


@pytest.fixture
def api() -> APIClient:
    return APIClient()


@pytest.fixture
def issue(alice: Any) -> Callable[..., tuple[Any, str]]:
    """issue(app="ideaboard", **kwargs) -> (token, secret); owned by alice unless owner=."""
    from steward.access.services import issue_token

    def make(app: str = "ideaboard", **kwargs: Any) -> tuple[Any, str]:
        kwargs.setdefault("owner", alice)
        kwargs.setdefault("name", "codex")
        return issue_token(app=app, **kwargs)

    return make


@pytest.fixture
def agent(api: APIClient, issue: Callable[..., tuple[Any, str]]) -> APIClient:
    """A REST client with a bearer token for every ideaboard action."""
    _, secret = issue()
    api.credentials(HTTP_AUTHORIZATION=f"Bearer {secret}")
    return api


def call(client: APIClient, app: str, name: str, body: Any = None, **extra: Any) -> Any:
    query = "?dry_run=1" if extra.pop("dry_run", False) else ""
    return client.post(
        f"/api/apps/{app}/actions/{name}/{query}",
        data=body if body is not None else {},
        format="json",
        **extra,
    )
