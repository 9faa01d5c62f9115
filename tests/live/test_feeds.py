from __future__ import annotations

import pytest

from steward.live import feeds
from steward.live.models import Event, app_stream

pytestmark = pytest.mark.django_db(transaction=True)


def test_an_outside_change_to_a_hosted_model_emits_app_changed():
    from apps.ideaboard.models import Idea

    idea = Idea.objects.create(title="Solar kettles")
    idea.delete()
    events = [e.to_dict() for e in Event.objects.filter(stream_id=app_stream("ideaboard"))]
    assert [(e["data"]["op"], e["data"]["model"]) for e in events] == [
        ("created", "ideaboard.idea"),
        ("deleted", "ideaboard.idea"),
    ]
    assert events[0]["data"]["ids"] == [idea.pk or events[0]["data"]["ids"][0]]


def test_a_reported_change_appends_one_event_per_change_with_the_actor():
    feeds.on_records_changed(
        None,
        app="crm",
        action="add_company",
        actor_label="token:codex",
        changes=[{"model": "crm.company", "ids": [3], "op": "created"}],
        session_id=None,
        run_id=None,
    )
    (event,) = Event.objects.filter(stream_id=app_stream("crm"))
    assert event.type == "app.changed" and event.by == "token:codex"
    assert event.data == {
        "app": "crm",
        "model": "crm.company",
        "ids": [3],
        "op": "created",
        "action": "add_company",
        "actor": "token:codex",
    }


def test_platform_models_do_not_emit_app_changed(alice):
    assert not Event.objects.filter(stream__key__startswith="app:").exists()
