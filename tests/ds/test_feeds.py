"""Sessions and app feeds are readable (only) through the generic /ds/ mount."""

from __future__ import annotations

import pytest
from django.test import Client

from steward.live import services
from tests.live.test_official_client import cookie_for, read
from tests.live.test_official_client import pytestmark as needs_node

pytestmark = pytest.mark.django_db(transaction=True)


@needs_node
def test_the_official_client_reads_a_session_through_the_generic_mount(server, alice):
    from tests.live.writer import synthetic_run

    session = services.create_session(app="ideaboard", title="ds", created_by=alice)
    synthetic_run(session_id=session.id, events=20)
    url = f"{server.url}/ds/sessions/{session.id}"

    got = read(url, "-1", "catchup", cookie_for(alice))

    assert [e["seq"] for e in got["items"]] == list(range(1, 23))
    assert got["upToDate"] is True


def test_feeds_are_read_only_and_keep_their_access_rules(client: Client, alice):
    session = services.create_session(app="ideaboard", title="ds", created_by=alice)
    path = f"/ds/sessions/{session.id}"
    assert client.get(path).status_code == 401
    client.force_login(alice)
    assert client.get(f"{path}?offset=-1").status_code == 200
    refused = client.post(path, b"[]", content_type="application/json")
    assert refused.status_code == 405 and refused["Allow"] == "GET, HEAD, OPTIONS"
    assert client.put("/ds/apps/ideaboard", b"").status_code == 405
    assert client.get("/ds/sessions/s_nope?offset=-1").status_code == 404
