"""steward.jsonlimits: client JSON parsed with a nesting limit, never a RecursionError."""

from __future__ import annotations

import pytest

from steward.jsonlimits import MAX_DEPTH, TooDeep, loads


def nested(depth: int) -> str:
    return "[" * depth + "]" * depth


def test_it_parses_json_up_to_the_limit() -> None:
    assert loads('{"a": [1, {"b": null}]}') == {"a": [1, {"b": None}]}
    assert loads(nested(MAX_DEPTH)) is not None
    assert loads(b'"text"') == "text"


@pytest.mark.parametrize("depth", [MAX_DEPTH + 1, 900, 100_000])
def test_it_refuses_anything_deeper_with_a_value_error(depth: int) -> None:
    with pytest.raises(TooDeep, match=f"more than {MAX_DEPTH} levels"):
        loads('{"x": ' + nested(depth) + "}")
    assert issubclass(TooDeep, ValueError)  # edges that catch bad JSON catch this too


@pytest.mark.parametrize("text", ["NaN", "[Infinity]", '{"x": -Infinity}', "{nope"])
def test_it_refuses_what_is_not_json(text: str) -> None:
    with pytest.raises(ValueError):
        loads(text)
