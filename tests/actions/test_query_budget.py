"""The pipeline's database cost per call stays small (the benchmark depends on it)."""

from __future__ import annotations

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext

from tests.support.actions_api import call

pytestmark = pytest.mark.django_db


def test_a_token_call_of_add_idea_costs_few_queries(agent):
    call(agent, "ideaboard", "add_idea", {"title": "warm-up"})  # last_used, chain head row

    with CaptureQueriesContext(connection) as queries:
        assert call(agent, "ideaboard", "add_idea", {"title": "x"}).status_code == 200

    statements = [q["sql"] for q in queries if "SAVEPOINT" not in q["sql"]]
    # token (+ owner + owner's role), idea, chain head lock, audit row, chain head update,
    # the record's history index row, and what records_changed receivers (the live feed)
    # add in the same transaction.
    mine = [s for s in statements if "live_" not in s]
    assert len(mine) <= 6, "\n".join(mine)
