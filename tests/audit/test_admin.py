"""The audit log in Django admin: filters, search, read-only detail, CSV export."""

from __future__ import annotations

import csv
import io

import pytest

from steward.access.actors import Actor
from steward.actions.context import CallContext
from steward.actions.exceptions import ActionError
from steward.actions.services import invoke
from steward.audit.models import AuditEntry

pytestmark = pytest.mark.django_db
URL = "/admin/audit/auditentry/"


@pytest.fixture
def log(alice, issue):
    actor = Actor.for_user(alice)
    invoke(actor=actor, app="ideaboard", name="add_idea", args={"title": "Needle in haystack"},
           context=CallContext(session_id="s_abc", run_id="r_def"))  # fmt: skip
    invoke(actor=actor, app="crm", name="add_company", args={"name": "Acme"})
    token, _ = issue()
    with pytest.raises(ActionError):
        invoke(actor=Actor.for_token(token), app="ideaboard", name="add_idea", args={})
    return list(AuditEntry.objects.order_by("seq"))


@pytest.fixture
def admin_client(client, carol):
    client.force_login(carol)
    return client


def rows(response) -> list[str]:
    return [e.action + ":" + e.status for e in response.context["cl"].result_list]


def test_the_list_filters_by_app_action_actor_status_and_date(admin_client, log):
    assert rows(admin_client.get(URL, {"app": "crm"})) == ["add_company:ok"]
    assert rows(admin_client.get(URL, {"action": "add_idea"})) == [
        "add_idea:invalid",
        "add_idea:ok",
    ]
    assert rows(admin_client.get(URL, {"actor": "token:codex"})) == ["add_idea:invalid"]
    assert rows(admin_client.get(URL, {"status": "invalid"})) == ["add_idea:invalid"]
    day = log[0].created
    dated = admin_client.get(URL, {"created__year": day.year, "created__month": day.month,
                                   "created__day": day.day})  # fmt: skip
    assert len(rows(dated)) == 3


def test_search_looks_inside_the_arguments(admin_client, log):
    assert rows(admin_client.get(URL, {"q": "haystack"})) == ["add_idea:ok"]


def test_the_detail_is_read_only_with_pretty_json_and_a_session_link(admin_client, log):
    response = admin_client.get(f"{URL}{log[0].pk}/change/")

    text = response.content.decode()
    assert response.status_code == 200
    assert "&quot;title&quot;: &quot;Needle in haystack&quot;" in text
    assert "<pre>" in text
    assert 'href="/sessions/s_abc/"' in text
    assert "r_def" in text
    assert 'name="_save"' not in text


def test_nobody_adds_changes_or_deletes_entries_in_admin(admin_client, log):
    assert admin_client.get(f"{URL}add/").status_code == 403
    assert admin_client.post(f"{URL}{log[0].pk}/change/", {"status": "ok"}).status_code == 403
    assert admin_client.get(f"{URL}{log[0].pk}/delete/").status_code == 403
    assert AuditEntry.objects.calls().count() == 3


def test_csv_export_follows_the_current_filter(admin_client, log):
    response = admin_client.get(f"{URL}export.csv", {"app": "ideaboard"})

    content = b"".join(response.streaming_content).decode()
    table = list(csv.DictReader(io.StringIO(content)))
    assert [r["status"] for r in table] == ["invalid", "ok"]
    assert table[1]["session_id"] == "s_abc" and '"Needle in haystack"' in table[1]["args"]
    assert "export.csv" in admin_client.get(URL).content.decode()


def test_csv_export_is_also_an_action_on_selected_rows(admin_client, log):
    response = admin_client.post(
        URL, {"action": "export_selected", "_selected_action": [log[1].pk]}
    )

    content = b"".join(response.streaming_content).decode()
    assert len(list(csv.DictReader(io.StringIO(content)))) == 1


def test_the_list_never_counts_the_whole_table(admin_client, log, django_assert_max_num_queries):
    from steward.audit.admin import AuditEntryAdmin

    assert AuditEntryAdmin.show_full_result_count is False
    with django_assert_max_num_queries(12):
        assert admin_client.get(URL).status_code == 200


def test_csv_export_neutralises_cells_a_spreadsheet_would_run_as_formulas(admin_client):
    from steward.audit.services import record

    hostile = ['=HYPERLINK("http://x")', "+1+1", "-2+3", "@SUM(A1)", "\tcmd", "\rcmd"]
    for text in hostile:
        record(actor_label=text[:160], app="ideaboard", action="add_idea", status="denied",
               user_agent=text, idempotency_key=text, args={"title": text})  # fmt: skip
    record(actor_label="user:ann-marie", app="ideaboard", action="add_idea", status="ok",
           duration_ms=1.5)  # fmt: skip

    response = admin_client.get(f"{URL}export.csv")

    content = b"".join(response.streaming_content).decode()
    table = list(csv.DictReader(io.StringIO(content, newline="")))
    assert sorted(r["actor_label"] for r in table[1:]) == sorted("'" + t for t in hostile)
    assert sorted(r["user_agent"] for r in table[1:]) == sorted("'" + t for t in hostile)
    assert sorted(r["idempotency_key"] for r in table[1:]) == sorted("'" + t for t in hostile)
    assert table[0]["actor_label"] == "user:ann-marie" and table[0]["duration_ms"] == "1.5"
    assert all(r["args"].startswith("{") for r in table[1:])
