"""Posted form text becomes an action's arguments, or a message a person understands."""

from __future__ import annotations

import pytest
from django.http import QueryDict

from steward.actions.registry import actions
from steward.pages.form_parse import FormProblems, parse_date, parse_form


def parse(app: str, name: str, body: str) -> dict:
    return parse_form(actions.get(app, name).serializer_class, QueryDict(body))


def test_numbers_dates_and_choices_get_their_types() -> None:
    args = parse(
        "crm",
        "create_deal",
        "company_id=3&title=Pilot&value=1%2C200.50&stage=won&close_date=2026-03-01&owner=",
    )
    assert args == {
        "company_id": 3,
        "title": "Pilot",
        "value": 1200.5,
        "stage": "won",
        "close_date": "2026-03-01",
        "owner": "",
    }


def test_an_empty_optional_date_is_null_and_a_missing_field_is_left_out() -> None:
    assert parse("editorial", "plan_piece", "title=Launch&due=") == {"title": "Launch", "due": None}


def test_an_empty_required_nullable_text_is_null_so_it_means_nobody() -> None:
    assert parse("editorial", "assign_piece", "piece_id=1&assignee=") == {
        "piece_id": 1,
        "assignee": None,
    }


def test_an_emptied_optional_title_stays_empty_so_it_is_refused_not_kept() -> None:
    # null would mean "keep the title": the person emptied the box, so they hear it is needed
    assert parse("ideaboard", "update_idea", "idea_id=1&title=") == {"idea_id": 1, "title": ""}


def test_a_checkbox_reads_its_last_value() -> None:
    assert parse("ideaboard", "list_ideas", "include_archived=false&include_archived=true") == {
        "include_archived": True
    }


@pytest.mark.parametrize(
    ("body", "field", "words"),
    [
        ("idea_id=seven&score=3", "idea_id", "is not a whole number"),
        ("idea_id=1&score=3.5", "score", "is not a whole number"),
    ],
)
def test_text_that_is_not_a_number_says_so_in_words_for_people(body, field, words) -> None:
    with pytest.raises(FormProblems) as caught:
        parse("ideaboard", "score_idea", body)
    assert words in caught.value.fields[field]
    assert "JSON" not in caught.value.fields[field]


@pytest.mark.parametrize(
    ("raw", "message"),
    [
        ("2026-02-31", "2026-02-31 does not exist: February 2026 has 28 days"),
        ("2028-02-30", "February 2028 has 29 days"),
        ("2026-13-01", "there is no month 13"),
        ("31/02/2026", "is not a date. Use the form 2026-12-31"),
    ],
)
def test_an_impossible_date_says_it_does_not_exist(raw, message) -> None:
    with pytest.raises(ValueError, match=message):
        parse_date(raw)


@pytest.mark.parametrize(
    ("app", "name", "body", "field", "words"),
    [
        ("crm", "create_deal", "company_id=&title=Pilot", "company_id", "Choose one"),
        ("crm", "move_deal_stage", "deal_id=1&stage=", "stage", "Choose one"),
        ("ideaboard", "score_idea", "idea_id=1&score=", "score", "Fill this in"),
    ],
)
def test_a_required_field_left_empty_says_to_choose_or_fill_it(app, name, body, field, words):
    with pytest.raises(FormProblems) as caught:
        parse(app, name, body)
    assert caught.value.fields == {field: f"{words}: this field is required."}


def test_the_problems_keep_what_could_be_read_for_the_other_checks() -> None:
    with pytest.raises(FormProblems) as caught:
        parse("crm", "create_deal", "company_id=3&title=&value=abc")
    assert set(caught.value.fields) == {"value"}
    assert caught.value.args_read == {"company_id": 3, "title": ""}
