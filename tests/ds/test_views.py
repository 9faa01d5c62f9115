"""The /ds/ HTTP edge: tokens and scopes, headers, errors, and live reads."""

from __future__ import annotations

import pytest
from django.test import AsyncClient, Client, override_settings

from steward.access.services import issue_stream_token

pytestmark = pytest.mark.django_db(transaction=True)


def put(client: Client, path: str, **headers: str):  # type: ignore[no-untyped-def]
    # The test client drops content_type along with an empty body: send it as a header.
    return client.put(f"/ds{path}", b"", headers={"Content-Type": "text/plain", **headers})


@override_settings(STEWARD_STREAMS_OPEN=False)
def test_streams_need_a_bearer_token_unless_they_are_open(client: Client):
    refused = put(client, "/v1/a")
    assert refused.status_code == 401 and "issue_token --streams" in refused.content.decode()
    assert refused["X-Content-Type-Options"] == "nosniff"
    with override_settings(STEWARD_STREAMS_OPEN=True):
        assert put(client, "/v1/a").status_code == 201


@override_settings(STEWARD_STREAMS_OPEN=False)
def test_a_token_covers_its_prefix_for_its_scopes_only(client: Client, alice):
    _, reader = issue_stream_token(name="r", owner=alice, prefix="team/", scopes=["read"])
    _, writer = issue_stream_token(
        name="w", owner=alice, prefix="/team/", scopes=["write", "create"]
    )
    as_reader, as_writer = f"Bearer {reader}", f"Bearer {writer}"
    assert put(client, "/team/log", Authorization=as_reader).status_code == 403
    assert put(client, "/team/log", Authorization=as_writer).status_code == 201
    assert put(client, "/other/log", Authorization=as_writer).status_code == 403
    posted = client.post(
        "/ds/team/log", b"hi", content_type="text/plain", headers={"Authorization": as_writer}
    )
    assert posted.status_code == 204
    read = client.get("/ds/team/log", headers={"Authorization": as_reader})
    assert read.status_code == 200 and read.content == b"hi"
    assert client.get("/ds/team/log", headers={"Authorization": "Bearer nope"}).status_code == 401


@override_settings(STEWARD_STREAMS_OPEN=True)
def test_a_catch_up_read_names_its_range_and_revalidates_with_its_etag(client: Client):
    put(client, "/e")
    client.post("/ds/e", b"abc", content_type="text/plain")
    first = client.get("/ds/e?offset=-1")
    assert first.content == b"abc" and first["Stream-Up-To-Date"] == "true"
    again = client.get("/ds/e?offset=-1", headers={"If-None-Match": first["ETag"]})
    assert again.status_code == 304 and again.content == b""
    tail = client.get(f"/ds/e?offset={first['Stream-Next-Offset']}")
    assert tail.content == b"" and tail["Stream-Next-Offset"] == first["Stream-Next-Offset"]


@override_settings(STEWARD_STREAMS_OPEN=True)
@pytest.mark.parametrize(
    ("query", "status"),
    [("offset=abc", 400), ("offset=", 400), ("offset=-1&offset=now", 400), ("live=sse", 400)],
)
def test_bad_read_parameters_are_refused(client: Client, query: str, status: int):
    put(client, "/q")
    assert client.get(f"/ds/q?{query}").status_code == status


@override_settings(STEWARD_STREAMS_OPEN=True)
def test_create_validates_ttl_and_expiry_headers(client: Client):
    assert put(client, "/t1", **{"Stream-TTL": "03600"}).status_code == 400
    both = {"Stream-TTL": "60", "Stream-Expires-At": "2099-01-01T00:00:00Z"}
    assert put(client, "/t2", **both).status_code == 400
    assert put(client, "/t3", **{"Stream-Expires-At": "tomorrow"}).status_code == 400
    made = put(client, "/t4", **{"Stream-TTL": "60"})
    assert made.status_code == 201
    assert client.head("/ds/t4")["Stream-TTL"] == "60"


@override_settings(STEWARD_STREAMS_OPEN=True, STEWARD_DS_LONG_POLL_SECONDS=1)
def test_a_long_poll_at_the_tail_answers_204_up_to_date(client: Client):
    put(client, "/lp")
    waited = client.get("/ds/lp?offset=now&live=long-poll")
    assert waited.status_code == 204
    assert waited["Stream-Up-To-Date"] == "true" and waited["Stream-Cursor"]


@override_settings(STEWARD_STREAMS_OPEN=True)
async def test_sse_sends_binary_streams_base64_encoded_and_ends_once_closed(
    async_client: AsyncClient,
):
    await async_client.put("/ds/b", b"\x00\xffA", content_type="application/octet-stream")
    closing = {"Stream-Closed": "true"}
    await async_client.post("/ds/b", b"", content_type="text/plain", headers=closing)
    response = await async_client.get("/ds/b?offset=-1&live=sse")
    assert response["Stream-SSE-Data-Encoding"] == "base64"
    body = "".join([chunk.decode() async for chunk in response.streaming_content])
    assert body.startswith("event: data\ndata:AP9B\n\nevent: control\n")
    assert '"streamClosed":true' in body
