"""A read-only action's result is laid out for a person, not shown as JSON."""

from __future__ import annotations

import pytest

from steward.pages.result_view import Shown, show


def test_a_list_of_records_becomes_labelled_records() -> None:
    shown = show({"ideas": [{"id": 7, "close_date": None, "archived": False}]})

    ((label, ideas),) = shown.items
    assert (shown.kind, label, ideas.kind) == ("fields", "Ideas", "records")
    assert ideas.records == [
        [
            ("#", Shown("text", "7")),
            ("Close date", Shown("text", "—")),
            ("Archived", Shown("text", "No")),
        ]
    ]


def test_plain_lists_and_nothing_read_as_words() -> None:
    assert show([]) == Shown("text", "None.")
    assert show(["a", True]).items == [("", Shown("text", "a")), ("", Shown("text", "Yes"))]


@pytest.mark.django_db
def test_a_results_stored_values_read_as_the_record_pages_show_them(django_user_model) -> None:
    django_user_model.objects.create_user("sam", first_name="Sam", last_name="Okafor")
    deal = {"id": 6, "company": "Kestrel Logistics", "stage": "lead", "value": "15000.00",
            "owner": "sam", "close_date": "2027-02-24"}  # fmt: skip
    stage = {"stage": "won", "count": 1, "value": "48000.50"}

    shown = show({"stages": [stage], "deals": [deal, {**deal, "owner": "left"}]}, app="crm")

    stages, deals = (value.records for _, value in shown.items)
    assert [text(v) for _, v in deals[0]] == [
        "6", "Kestrel Logistics", "Lead", "$15,000", "Sam Okafor", "24 Feb 2027"
    ]  # fmt: skip
    assert [text(v) for _, v in stages[0]] == ["Won", "1", "$48,000.50"]
    assert text(dict(deals[1])["Owner"]) == "left"  # nobody by that name: as stored


def test_without_an_app_values_are_shown_as_stored() -> None:
    assert show({"stage": "lead", "value": "15000.00"}).items == [
        ("Stage", Shown("text", "lead")),
        ("Value", Shown("text", "15000.00")),
    ]


def text(shown: Shown) -> str:
    return shown.text
