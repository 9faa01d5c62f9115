"""A person logs in through the real form in a real browser and uses the dashboard."""

import pytest

from tests.conftest import PASSWORD
from tests.support.browser import login

pytestmark = pytest.mark.e2e


def test_logging_in_shows_the_dashboard_and_an_app_page(server, browser, alice) -> None:  # type: ignore[no-untyped-def]
    context = browser.new_context()
    page = login(context, server.url, "alice", PASSWORD)
    assert page.locator("h1").inner_text() == "Your apps"
    assert page.locator("[data-app=ideaboard]").is_visible()
    page.click("[data-app=ideaboard] a.button")
    page.wait_for_url(f"{server.url}/apps/ideaboard/")
    assert page.locator("[data-column=inbox]").is_visible()
    # Adding an idea through the page's form runs the Safe Action; the board refreshes itself.
    page.fill("input[name=title]", "Browser-made idea")
    page.click("text=Add idea")
    page.locator("#board >> text=Browser-made idea").wait_for(timeout=10_000)
    assert "Idea added" in page.locator("#flash").inner_text()
    context.close()
