"""Approvals moved from the audit package to Safe Actions: an upgrade in place keeps them all.

The migration moves only Django's model state (the table keeps its name and every row), and
takes the approvals' content type along (their admin history and permissions).
"""

from __future__ import annotations

from collections.abc import Iterator

import pytest
from django.contrib.contenttypes.models import ContentType
from django.core.management import call_command
from django.db import connection
from django.db.migrations.executor import MigrationExecutor

from steward.actions.models import Approval
from tests.support.migrations import migrated_back

pytestmark = [pytest.mark.django_db(transaction=True), pytest.mark.slow]
BEFORE = [("actions", "0001_initial"), ("audit", "0002_chainhead_prev_hash")]


@pytest.fixture
def before_the_move() -> Iterator[None]:
    with migrated_back("actions", "0001_initial"):
        yield


def test_the_upgrade_keeps_every_approval_and_its_content_type(before_the_move, alice):
    from steward.access.services import issue_token

    token, _ = issue_token(name="bot", owner=alice, app="ideaboard")
    old = MigrationExecutor(connection).loader.project_state(BEFORE).apps
    OldApproval = old.get_model("audit", "Approval")
    for n in range(3):
        OldApproval.objects.create(
            app="ideaboard", action="archive_idea", args={"idea_id": n}, token_id=token.pk,
            requested_by="token:bot", state="pending",
        )  # fmt: skip
    ContentType.objects.get_or_create(app_label="audit", model="approval")

    call_command("migrate", verbosity=0)

    assert sorted(a.args["idea_id"] for a in Approval.objects.all()) == [0, 1, 2]
    assert Approval._meta.db_table == "audit_approval"
    assert ContentType.objects.filter(app_label="actions", model="approval").exists()
    assert not ContentType.objects.filter(app_label="audit", model="approval").exists()
