"""/api/docs/ works with no internet access: Swagger UI's files come from the platform."""

from __future__ import annotations

from typing import Any
from urllib.parse import urlsplit

import pytest

from tests.conftest import PASSWORD
from tests.support.browser import login
from tests.support.servers import Server

pytestmark = [pytest.mark.e2e, pytest.mark.slow]


def test_the_api_docs_render_with_every_request_kept_on_loopback(
    browser: Any, server: Server, alice: Any
) -> None:
    context = browser.new_context()
    page = login(context, server.url, "alice", PASSWORD)
    requested: list[str] = []
    page.on("request", lambda request: requested.append(request.url))

    page.goto(f"{server.url}/api/docs/")

    page.locator(".swagger-ui .info .title", has_text="Steward API").wait_for(timeout=30000)
    page.locator(".opblock").first.wait_for(timeout=30000)  # the schema loaded and rendered
    hosts = {urlsplit(url).hostname for url in requested if not url.startswith("data:")}
    assert hosts == {"127.0.0.1"}, f"requests left loopback: {requested}"
    assert any("/static/drf_spectacular_sidecar/" in url for url in requested)
    context.close()
