"""Actions and arguments in words (agents/words.py)."""

from __future__ import annotations

from steward.agents.words import action_words, arguments_summary


def test_an_action_name_reads_as_words():
    assert action_words("add_idea") == "Add idea"


def test_arguments_read_as_one_line_without_empty_values():
    summary = arguments_summary({"title": "Kites", "pitch": "", "idea_id": 3, "score": 8})

    assert summary == "title “Kites” · idea #3 · score 8"
    assert arguments_summary({}) == "no arguments"
    assert arguments_summary({"title": "x" * 100}).endswith("…”")
