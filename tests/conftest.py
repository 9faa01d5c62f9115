"""Fixtures shared by the whole suite: the team, configuration, real servers, the stand-in model."""

from __future__ import annotations

import os
from collections.abc import Iterator
from pathlib import Path

import pytest
from django.test import override_settings

from tests.support.config import is_production_config
from tests.support.openai_standin import OpenAIStandIn
from tests.support.servers import Server, daphne_server

PASSWORD = "correct-horse-battery-staple"


def pytest_collection_modifyitems(config: pytest.Config, items: list[pytest.Item]) -> None:
    """Production-only tests skip in the embedded run; CI must never skip them in its second run."""
    from django.conf import settings

    production = bool(settings.REDIS_URL) and settings.DATABASES["default"]["ENGINE"].endswith(
        "postgresql"
    )
    if production:
        return
    reason = (
        "needs PostgreSQL and Redis: runs in the production pass of 'make test' "
        "(DATABASE_URL=postgres://… REDIS_URL=redis://…)"
    )
    for item in items:
        if "production" in item.keywords:
            item.add_marker(pytest.mark.skip(reason=reason))


def pytest_sessionfinish(session: pytest.Session) -> None:
    """SQLite in WAL mode leaves -wal/-shm files beside a test database that was dropped
    while a thread still held it open; remove them once the database itself is gone."""
    from django.conf import settings

    name = str(settings.DATABASES["default"].get("TEST", {}).get("NAME") or "")
    if name.endswith(".sqlite3") and not Path(name).exists():
        for suffix in ("-wal", "-shm"):
            Path(name + suffix).unlink(missing_ok=True)


@pytest.fixture(scope="session")
def django_db_setup(django_db_setup, django_db_blocker):  # type: ignore[no-untyped-def]
    """The test database, with the audit tables' TRUNCATE guard off so flushes work."""
    from django.db import connection

    from tests.support.audit import allow_test_flush

    params = connection.settings_dict
    if params["NAME"] != params["TEST"]["NAME"]:
        return  # no test of this session uses the database: none was set up; touch nothing
    with django_db_blocker.unblock():
        allow_test_flush()


@pytest.fixture
def production_config() -> None:
    if not is_production_config():
        pytest.skip("needs the production configuration (PostgreSQL + Redis)")


@pytest.fixture
def alice(django_user_model):  # type: ignore[no-untyped-def]
    """An operator on every demo app's team."""
    from steward.access.models import Membership

    user = django_user_model.objects.create_user("alice", "alice@example.com", PASSWORD)
    for app in ("ideaboard", "crm", "editorial"):
        Membership.objects.create(user=user, app=app, role="operator")
    return user


@pytest.fixture
def bob(django_user_model):  # type: ignore[no-untyped-def]
    """A viewer on the ideaboard team only."""
    from steward.access.models import Membership

    user = django_user_model.objects.create_user("bob", "bob@example.com", PASSWORD)
    Membership.objects.create(user=user, app="ideaboard", role="viewer")
    return user


@pytest.fixture
def carol(django_user_model):  # type: ignore[no-untyped-def]
    """A staff admin (superuser): the person who reviews audit logs and approvals."""
    return django_user_model.objects.create_superuser("carol", "carol@example.com", PASSWORD)


@pytest.fixture
def alice_client(client, alice):  # type: ignore[no-untyped-def]
    client.force_login(alice)
    return client


@pytest.fixture
def server(transactional_db, tmp_path: Path) -> Iterator[Server]:
    """A real daphne process on loopback sharing this test's (committed) database."""
    with daphne_server(tmp_path) as srv:
        yield srv


@pytest.fixture(autouse=True, scope="session")
def _loopback_only() -> None:
    # The stand-in servers and clients in this suite talk to loopback only.
    os.environ.setdefault("NO_PROXY", "127.0.0.1,localhost")


@pytest.fixture
def browser():  # type: ignore[no-untyped-def]
    """A real headless chromium (Playwright Browser) for end-to-end tests."""
    from tests.support.browser import chromium

    with chromium() as b:
        yield b


@pytest.fixture(autouse=True, scope="session")
def _no_reaper_thread() -> None:
    """The reaper is tested directly and in real workers; no background thread in pytest."""
    from steward.agents import reaper

    reaper._started.set()


@pytest.fixture
def model(transactional_db: None) -> Iterator[OpenAIStandIn]:
    """The stand-in model server, configured as the platform's model; in-process runner."""
    with (
        OpenAIStandIn() as standin,
        override_settings(
            OPENAI_BASE_URL=standin.base_url,
            OPENAI_API_KEY="test-key",
            STEWARD_MODEL="standin-1",
            STEWARD_MODEL_MAX_RETRIES=0,
            STEWARD_MODEL_TIMEOUT=5,
            STEWARD_RUNNER="inprocess",
        ),
    ):
        yield standin


@pytest.fixture(scope="session", autouse=True)
def _release_test_database(django_db_setup, django_db_blocker):  # type: ignore[no-untyped-def]
    """Before pytest-django drops the PostgreSQL test database, end the sessions that runner
    and live threads of this process still hold on it, so the drop never fails and no
    test database is left behind on the server."""
    yield
    from django.db import connection

    if connection.vendor != "postgresql":
        return
    with django_db_blocker.unblock(), connection.cursor() as cursor:
        cursor.execute(
            "SELECT pg_terminate_backend(pid) FROM pg_stat_activity "
            "WHERE datname = current_database() AND pid <> pg_backend_pid()"
        )
