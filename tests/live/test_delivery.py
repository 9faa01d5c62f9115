"""parse_after: the WebSocket's ``after`` query value."""

from __future__ import annotations

import pytest

from steward.live.delivery import parse_after


@pytest.mark.parametrize(("raw", "seq"), [(None, 0), ("", 0), ("0", 0), ("42", 42)])
def test_it_reads_a_whole_number(raw, seq):  # type: ignore[no-untyped-def]
    assert parse_after(raw) == seq


@pytest.mark.parametrize("raw", ["x", "-1", " 5", "+5", "5_0", "\u0665", "1.0", "9" * 5000])
def test_it_refuses_anything_but_plain_digits(raw):  # type: ignore[no-untyped-def]
    assert parse_after(raw) is None
