"""App pages include other packages' snippets (live feed, Prove the Loop) only when present."""

import pytest
from django.template import Context, Template
from django.test import Client

from steward.pages.templatetags import steward_pages

pytestmark = pytest.mark.django_db


def test_app_pages_load_the_live_feed_of_their_app(alice_client: Client) -> None:
    html = alice_client.get("/apps/crm/").content.decode()
    assert "/ws/apps/crm/" in html and "steward:changed" in html


def test_a_missing_snippet_renders_nothing(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setattr(steward_pages, "LIVE_FEED_TEMPLATE", "live/not_there.html")
    page = Template('{% load steward_pages %}[{% live_feed "crm" %}]').render(Context({}))
    assert page == "[]"
    other = Template('{% load steward_pages %}[{% optional_include "nope/x.html" app="crm" %}]')
    assert other.render(Context({})) == "[]"


def test_staff_get_the_staff_tools_with_model_review_and_prove_the_loop(
    client: Client, carol
) -> None:  # type: ignore[no-untyped-def]
    client.force_login(carol)
    html = client.get("/apps/ideaboard/").content.decode()
    assert 'href="/apps/ideaboard/model/"' in html
    assert 'action="/apps/ideaboard/prove/"' in html


def test_team_members_who_are_not_staff_do_not(alice_client: Client) -> None:
    html = alice_client.get("/apps/ideaboard/").content.decode()
    assert "Staff tools" not in html and "/prove/" not in html
