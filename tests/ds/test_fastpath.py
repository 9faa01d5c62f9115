"""The one-statement append (PostgreSQL) applies exactly where the general path succeeds."""

from __future__ import annotations

import pytest

from steward.ds import fastpath, reads, services
from steward.ds.services import CHUNK_BYTES, Config

pytestmark = [pytest.mark.production, pytest.mark.django_db(transaction=True)]


def test_it_appends_and_leaves_every_refusal_to_the_general_path():
    services.create_stream(path="/f", config=Config("text/plain; charset=utf-8"), body=b"")
    written = fastpath.try_append(path="/f", content_type="text/plain", body=b"ab", stream_seq="2")
    assert written is not None and written.tail == 2

    refused = [
        {"path": "/absent", "content_type": "text/plain", "body": b"x"},
        {"path": "/f", "content_type": "application/json", "body": b"1"},
        {"path": "/f", "content_type": "text/plain", "body": b"x", "stream_seq": "10"},
        {"path": "/f", "content_type": "text/plain", "body": b"x" * (CHUNK_BYTES + 1)},
    ]
    for kwargs in refused:
        assert fastpath.try_append(**kwargs) is None, kwargs  # type: ignore[arg-type]
    services.append(path="/f", content_type="text/plain", body=b"", close=True)
    assert fastpath.try_append(path="/f", content_type="text/plain", body=b"x") is None

    page = reads.read_page("/f", 0)
    assert page is not None and page.data == b"ab" and page.state.closed


def test_a_one_statement_create_leaves_an_existing_path_to_the_general_path():
    config = Config("text/plain", ttl_seconds=60)
    assert fastpath.try_create(path="/new", config=config)
    assert not fastpath.try_create(path="/new", config=config)
    stream, created = services.create_stream(path="/new", config=config, body=b"")
    assert not created and stream.ttl_seconds == 60 and stream.tail == 0
