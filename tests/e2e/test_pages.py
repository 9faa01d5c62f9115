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
    add = page.get_by_role("form", name="Add idea")
    add.get_by_label("Title").fill("Browser-made idea")
    add.get_by_role("button", name="Add idea").click()
    page.locator("#board >> text=Browser-made idea").wait_for(timeout=10_000)
    status = page.get_by_role("form", name="Add idea").get_by_role("status")
    assert "Idea added" in status.inner_text()
    context.close()


def test_a_change_made_in_one_tab_appears_in_another_without_reload(server, browser, alice) -> None:  # type: ignore[no-untyped-def]
    watcher = login(browser.new_context(), server.url, "alice", PASSWORD)
    watcher.goto(f"{server.url}/apps/crm/")
    watcher.wait_for_function("document.body.dataset.liveFeed === 'open'", timeout=10_000)
    actor = login(browser.new_context(), server.url, "alice", PASSWORD)
    actor.goto(f"{server.url}/apps/crm/")
    actor.click("text=Add a company")
    add = actor.get_by_role("form", name="Add company")
    add.get_by_label("Name").fill("Globex")
    add.get_by_role("button", name="Add company").click()
    add = actor.get_by_role("form", name="Add company")
    add.get_by_text("Company added").wait_for(timeout=10_000)
    # The other add forms (in closed <details>) list the new company without a reload.
    contact_company = actor.locator("#af-crm-add-contact--company_id")
    contact_company.locator("option", has_text="Globex").wait_for(state="attached", timeout=10_000)
    # The watcher never reloads: the live feed fires steward:changed and htmx refetches.
    watcher.locator("#companies >> text=Globex").wait_for(timeout=10_000)
