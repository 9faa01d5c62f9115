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


def test_the_demo_owners_can_be_picked_and_filtered_by_name(alice_client) -> None:  # type: ignore[no-untyped-def]
    load_demo()
    load_demo()  # twice: still one membership each

    html = alice_client.get("/apps/crm/").content.decode()
    assert '<option value="sam">Sam Okafor</option>' in html  # the owner filter
    html = alice_client.get("/apps/editorial/actions/").content.decode()
    assert '<option value="maya">Maya Lind</option>' in html  # the assignee select
