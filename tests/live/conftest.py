from __future__ import annotations

from collections.abc import Iterator

import pytest


@pytest.fixture(autouse=True, scope="session")
def _close_live_connections(django_db_blocker) -> Iterator[None]:  # type: ignore[no-untyped-def]
    # The live machinery keeps one connection per worker thread; let the test database go.
    yield
    from steward.live.db import close_connections

    close_connections()
