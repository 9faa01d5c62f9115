"""Property: no JSON body, however wrong, makes an action answer 500."""

from __future__ import annotations

from typing import Any

import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from steward.actions.registry import actions

pytestmark = pytest.mark.django_db

SCALARS = (
    st.none()
    | st.booleans()
    | st.integers()
    | st.integers(min_value=-(2**70), max_value=2**70)
    | st.floats(allow_nan=False, allow_infinity=False)
    | st.text(max_size=300)
    | st.sampled_from(["", "2026-12-01", "2026-02-30", "lead", "done", "alice", "a@b.co",
                       "https://x.example", "x" * 5000, "\u0000"])
)  # fmt: skip
VALUES = st.recursive(
    SCALARS,
    lambda inner: st.lists(inner, max_size=3) | st.dictionaries(st.text(max_size=5), inner),
    max_leaves=6,
)
SPECS = [s for s in actions.all() if s.app in ("ideaboard", "crm", "editorial")]


def bodies(spec: Any) -> st.SearchStrategy[Any]:
    names = [*spec.schema["properties"], "extra"]
    return st.dictionaries(st.sampled_from(names), VALUES, max_size=len(names)) | VALUES


@pytest.mark.parametrize("spec", SPECS, ids=lambda s: s.qualified_name)
def test_no_body_makes_an_action_answer_500(client, carol, spec):
    client.force_login(carol)
    url = f"/api/apps/{spec.app}/actions/{spec.name}/"

    @settings(
        max_examples=40,
        deadline=None,
        database=None,
        suppress_health_check=[HealthCheck.function_scoped_fixture, HealthCheck.too_slow],
    )
    @given(body=bodies(spec))
    def check(body: Any) -> None:
        response = client.post(url, body, content_type="application/json")
        assert response.status_code < 500, (body, response.content[:500])

    check()
