"""A read-only action's result is laid out for a person, not shown as JSON."""

from __future__ import annotations

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
