"""People use generated action forms in a real browser; live refreshes never undo their work."""

from __future__ import annotations

import re

import pytest

from apps.crm.models import Company
from apps.ideaboard.models import Idea
from tests.conftest import PASSWORD
from tests.support.browser import login

pytestmark = pytest.mark.e2e
WAIT = 30_000  # a bound on a hang; a loaded machine may be slow


def test_a_person_edits_an_ideas_title_from_its_record_page(server, browser, alice) -> None:  # type: ignore[no-untyped-def]
    idea = Idea.objects.create(title="Dark mod", pitch="Eyes")
    page = login(browser.new_context(), server.url, "alice", PASSWORD)
    page.goto(f"{server.url}/apps/ideaboard/records/idea/{idea.pk}/")

    form = page.get_by_role("form", name="Update idea")
    form.get_by_label("Title").fill("Dark mode for every page")
    form.get_by_role("button", name="Update idea").click()

    # The new title reaches the page's heading (the record region refreshes on the change);
    # the form's short "Done." may already have been redrawn by then, so it is not waited for.
    page.get_by_role("heading", level=1, name="Dark mode for every page").wait_for(timeout=WAIT)
    idea.refresh_from_db()
    assert (idea.title, idea.pitch) == ("Dark mode for every page", "Eyes")


def test_an_invalid_form_keeps_what_was_typed_and_shows_the_error(server, browser, alice) -> None:  # type: ignore[no-untyped-def]
    Company.objects.create(name="Acme")
    page = login(browser.new_context(), server.url, "alice", PASSWORD)
    page.goto(f"{server.url}/apps/crm/")
    page.locator("summary", has_text="Add a company").click()

    form = page.get_by_role("form", name="Add company")
    form.get_by_label("Name").fill("Acme")
    form.get_by_label("Website").fill("https://acme.example")
    form.get_by_role("button", name="Add company").click()

    form = page.get_by_role("form", name="Add company")  # the answer replaced the form
    form.get_by_text(re.compile("A company called .Acme. already exists")).wait_for(timeout=WAIT)
    assert form.get_by_label("Name").input_value() == "Acme"
    assert form.get_by_label("Website").input_value() == "https://acme.example"
    assert form.get_by_label("Name").get_attribute("aria-invalid") == "true"
    assert Company.objects.count() == 1


def test_a_score_picked_in_one_tab_survives_a_change_from_another(server, browser, alice) -> None:  # type: ignore[no-untyped-def]
    Idea.objects.create(title="Weekly digest", score=2)
    tab_a = login(browser.new_context(), server.url, "alice", PASSWORD)
    tab_a.goto(f"{server.url}/apps/ideaboard/")
    tab_a.wait_for_function("document.body.dataset.liveFeed === 'open'", timeout=WAIT)
    score = tab_a.get_by_label("Score for “Weekly digest”")
    score.select_option("7")  # picked, not submitted yet

    tab_b = login(browser.new_context(), server.url, "alice", PASSWORD)
    tab_b.goto(f"{server.url}/apps/ideaboard/")
    add = tab_b.get_by_role("form", name="Add idea")
    add.get_by_label("Title").fill("Offline mode")
    add.get_by_role("button", name="Add idea").click()

    # Tab A's board refreshed live (the new idea is there) and the pick is still there.
    tab_a.locator("#board").get_by_text("Offline mode").wait_for(timeout=WAIT)
    assert score.input_value() == "7"
    tab_a.locator("#idea-{}".format(Idea.objects.get(title="Weekly digest").pk)).get_by_role(
        "button", name="Score"
    ).click()
    tab_a.locator("#flash").get_by_text("Score saved.").wait_for(timeout=WAIT)
    assert Idea.objects.get(title="Weekly digest").score == 7


def test_every_mistake_shows_beside_its_field_and_what_was_typed_stays(server, browser, alice):  # type: ignore[no-untyped-def]
    Company.objects.create(name="Acme")
    page = login(browser.new_context(), server.url, "alice", PASSWORD)
    page.goto(f"{server.url}/apps/crm/actions/")

    form = page.get_by_role("form", name="Create deal")
    # As a browser without its own checks would send it: no title, a value that is no number.
    form.evaluate("f => { f.noValidate = true; f.elements.value.type = 'text'; }")
    form.get_by_label("Company").select_option(label=f"Acme (#{Company.objects.get().pk})")
    form.get_by_label("Value").fill("twelve")
    form.get_by_role("button", name="Create deal").click()

    form = page.get_by_role("form", name="Create deal")
    form.get_by_text("Some fields need a change").wait_for(timeout=WAIT)
    title, value = form.get_by_label("Title"), form.get_by_label("Value")
    assert title.get_attribute("aria-invalid") == value.get_attribute("aria-invalid") == "true"
    assert "cannot be empty or only spaces" in describe(page, title)
    assert "“twelve” is not a number" in describe(page, value)
    assert value.input_value() == "twelve" and form.get_by_label("Company").input_value() != ""


def describe(page, control) -> str:  # type: ignore[no-untyped-def]
    """The text of what describes a control (its error, its help), as a screen reader says it."""
    ids = (control.get_attribute("aria-describedby") or "").split()
    return " ".join(page.locator(f"#{i}").inner_text() for i in ids)
