import json
from io import StringIO

import pytest
from django.core.management import CommandError, call_command
from django.db.models import Q

from steward.hosting.modelreview import condition_words


def _run(*args: str) -> str:
    out = StringIO()
    call_command("reviewmodel", *args, stdout=out)
    return out.getvalue()


def test_it_prints_tables_fields_relations_and_constraints_for_a_person() -> None:
    text = _run("crm")
    assert "crm.Deal" in text and "table crm_deal" in text
    assert "stage" in text and "CharField(16)" in text and "choices: lead, qualified" in text
    assert "value" in text and "DecimalField(12,2)" in text and "default=0" in text
    assert "company → crm.Company (many-to-one, on delete CASCADE" in text
    assert "owner → auth.User (many-to-one, on delete SET_NULL" in text
    assert "deal_value_not_negative (check): value ≥ 0" in text  # words, not Q's repr
    assert "deal_stage_idx: stage" in text
    assert "name_unique (unique): name" in text  # Company.name is unique


def test_json_format_is_machine_readable() -> None:
    review = json.loads(_run("ideaboard", "--format", "json"))
    assert review["app"] == "ideaboard"
    (idea,) = review["models"]
    score = next(f for f in idea["fields"] if f["name"] == "score")
    assert (
        score["null"] is True
        and score["blank"] is True
        and score["type"] == "PositiveSmallIntegerField"
    )
    column = next(f for f in idea["fields"] if f["name"] == "column")
    assert column["max_length"] == 16 and column["default"] == "inbox"
    assert ["done", "Done"] in column["choices"]
    assert {"name": "idea_board_idx", "fields": ["archived", "column"]} in idea["indexes"]
    assert any(c["name"] == "idea_score_0_to_10" for c in idea["constraints"])


def test_an_unknown_app_fails_with_the_list_of_apps() -> None:
    with pytest.raises(CommandError, match=r"No hosted app is called 'nope'.*ideaboard"):
        _run("nope")


def test_a_constraints_condition_reads_as_words_with_its_grouping() -> None:
    condition = Q(score__isnull=True) | (Q(score__gte=0) & ~Q(column="done"))
    assert condition_words(condition) == "score is empty or (score ≥ 0 and not (column = done))"
