"""Demo data comes from each hosted app's own demo.py, found through the registry."""

from __future__ import annotations

from collections.abc import Iterator

import pytest

import tests.hosting
from steward.hosting.demo import load_demo
from steward.hosting.manifest import HostedAppConfig
from steward.hosting.registry import hosted_apps

pytestmark = pytest.mark.django_db


class NoDemoConfig(HostedAppConfig):
    name = "tests.hosting"
    label = "nodemo"
    title = "No demo"
    description = "A hosted app that ships no demo.py."


@pytest.fixture
def app_without_demo() -> Iterator[None]:
    hosted_apps.register(NoDemoConfig("tests.hosting", tests.hosting))
    try:
        yield
    finally:
        hosted_apps._apps.pop("nodemo")


def test_each_demo_app_loads_its_own_records() -> None:
    created = load_demo()
    assert set(created) == {"ideas", "companies", "contacts", "deals", "activities", "pieces"}
    assert all(created.values())


def test_a_hosted_app_without_demo_data_is_skipped(app_without_demo: None) -> None:
    assert "nodemo" in hosted_apps
    assert set(load_demo()) == {"ideas", "companies", "contacts", "deals", "activities", "pieces"}
