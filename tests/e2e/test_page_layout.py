"""The app pages read well on a laptop beside the docked agent panel and on a phone.

Measured in the real chromium at the sizes people use (1366x900, 390x844): nothing a person
needs is cut off or pushed off the side of the screen, and titles wrap between words.
"""

from __future__ import annotations

import datetime as dt
from typing import Any

import pytest

from apps.crm.models import Company, Contact, Deal
from apps.editorial.models import Piece
from apps.ideaboard.models import Idea
from tests.conftest import PASSWORD
from tests.support.browser import login

pytestmark = pytest.mark.e2e
LAPTOP = {"width": 1366, "height": 900}
PHONE = {"width": 390, "height": 844}

# The rectangles of one word of an element's text: more than one means it broke inside.
WORD_RECTS = """(el, word) => {
  const node = [...el.childNodes].find(n => n.nodeType === 3 && n.textContent.includes(word));
  const range = document.createRange(), at = node.textContent.indexOf(word);
  range.setStart(node, at); range.setEnd(node, at + word.length);
  return range.getClientRects().length; }"""


def crm_data() -> Company:
    company = Company.objects.create(name="Kestrel Logistics", website="https://kestrel.example")
    Contact.objects.create(company=company, name="Jonas Berg", email="jonas@kestrel.example")
    for stage in ("lead", "qualified", "proposal", "won", "lost"):
        Deal.objects.create(
            company=company, title="Route planning integration", stage=stage, value=15000
        )
    return company


def open_page(browser: Any, url: str, viewport: dict[str, int]) -> Any:
    page = login(browser.new_context(viewport=viewport), url, "alice", PASSWORD)
    return page


def test_beside_the_panel_every_pipeline_stage_shows_and_titles_wrap_between_words(
    server, browser, alice
) -> None:  # type: ignore[no-untyped-def]
    crm_data()
    page = open_page(browser, server.url, LAPTOP)
    page.goto(f"{server.url}/apps/crm/")
    assert page.get_by_role("region", name="Agent").is_visible()

    board = page.get_by_role("region", name="Deals by stage").bounding_box()
    assert board
    for stage in ("Lead", "Qualified", "Proposal", "Won", "Lost"):
        heading = page.get_by_role("heading", name=stage, exact=True)
        column = page.locator("section.column", has=heading).bounding_box()
        assert column and column["x"] + column["width"] <= board["x"] + board["width"] + 1, (
            f"the {stage} column is cut off at the board's edge"
        )
    title = page.get_by_role("link", name="Route planning integration").first
    for word in ("Route", "planning", "integration"):
        assert title.evaluate(WORD_RECTS, word) == 1, f"“{word}” broke inside the word"


def test_on_a_phone_the_companies_show_their_contacts_on_the_screen(server, browser, alice):  # type: ignore[no-untyped-def]
    crm_data()
    page = open_page(browser, server.url, PHONE)
    page.goto(f"{server.url}/apps/crm/")

    companies = page.get_by_role("region", name="Companies")
    contact = companies.get_by_role("link", name="Jonas Berg")
    box = contact.bounding_box()
    assert box and box["x"] >= 0 and box["x"] + box["width"] <= PHONE["width"]
    assert page.evaluate("document.documentElement.scrollWidth") <= PHONE["width"]


@pytest.mark.parametrize("path", ["/", "/apps/ideaboard/", "/apps/crm/", "/apps/editorial/"])
def test_no_page_scrolls_sideways_on_a_phone(server, browser, alice, path) -> None:  # type: ignore[no-untyped-def]
    crm_data()
    Idea.objects.create(title="A-very-long-unbroken-title-that-a-person-pasted-from-somewhere")
    page = open_page(browser, server.url, PHONE)
    page.goto(server.url + path)
    assert page.evaluate("document.documentElement.scrollWidth") <= PHONE["width"]


def test_on_a_phone_the_add_form_is_as_wide_as_the_board_below_it(server, browser, alice):  # type: ignore[no-untyped-def]
    page = open_page(browser, server.url, PHONE)
    page.goto(f"{server.url}/apps/ideaboard/")

    form = (
        page.get_by_role("form", name="Add idea").locator("xpath=ancestor::details").bounding_box()
    )
    board = page.get_by_role("region", name="Ideas by column").bounding_box()
    assert form and board and abs(form["width"] - board["width"]) <= 2


def test_beside_the_panel_the_calendar_takes_the_width_and_unscheduled_goes_below(
    server, browser, alice
) -> None:  # type: ignore[no-untyped-def]
    today = dt.date.today()
    Piece.objects.create(title="Launch post: the new idea board", due=today)
    Piece.objects.create(title="Pricing FAQ")
    page = open_page(browser, server.url, LAPTOP)
    page.goto(f"{server.url}/apps/editorial/")

    calendar = page.get_by_role("region", name="Calendar").bounding_box()
    unscheduled = page.get_by_role("complementary", name="Unscheduled pieces").bounding_box()
    assert calendar and unscheduled and unscheduled["y"] >= calendar["y"] + calendar["height"]
    piece = page.locator(".calendar .piece summary", has_text="Launch post")
    assert piece.evaluate("el => el.scrollWidth <= el.clientWidth")  # wraps, not cut sideways
    assert piece.evaluate(WORD_RECTS, "post:") == 1


def test_a_new_session_has_no_link_to_a_page_of_its_own(server, browser, alice) -> None:  # type: ignore[no-untyped-def]
    page = open_page(browser, server.url, LAPTOP)
    page.goto(f"{server.url}/apps/ideaboard/")

    agent = page.get_by_role("region", name="Agent")
    assert agent.locator(".ap-session-title").inner_text() == "New session"
    assert not agent.get_by_role("link", name="Open on its own page").is_visible()


def test_send_keeps_its_icon_like_stop_beside_it(server, browser, alice) -> None:  # type: ignore[no-untyped-def]
    page = open_page(browser, server.url, LAPTOP)
    page.goto(f"{server.url}/apps/ideaboard/")
    page.wait_for_function("document.body.dataset.liveFeed === 'open'", timeout=30_000)

    agent = page.get_by_role("region", name="Agent")
    for name in ("Send", "Stop"):
        assert agent.get_by_role("button", name=name).locator("svg.icon").count() == 1, name


def test_a_run_on_word_in_recent_activity_wraps_on_a_phone(server, browser, alice) -> None:  # type: ignore[no-untyped-def]
    page = open_page(browser, server.url, PHONE)
    page.goto(f"{server.url}/apps/ideaboard/")
    add = page.get_by_role("form", name="Add idea")
    add.get_by_label("Title").fill("Pasted-" + "x" * 80)
    add.get_by_role("button", name="Add idea").click()
    page.get_by_role("form", name="Add idea").get_by_text("Idea added").wait_for(timeout=30_000)

    page.goto(f"{server.url}/")
    page.get_by_role("region", name="Recent activity").get_by_text("add idea").wait_for()
    assert page.evaluate("document.documentElement.scrollWidth") <= PHONE["width"]
