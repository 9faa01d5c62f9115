"""Services of generic streams: create, append, close, producers, forks, expiry."""

from __future__ import annotations

from datetime import timedelta

import pytest

from steward.ds import formats, lifecycle, reads, services
from steward.ds.exceptions import BadRequest, Conflict, Forbidden, Gone, NotFound
from steward.ds.forks import ForkSpec
from steward.ds.models import DsChunk, DsStream
from steward.ds.producers import Claim
from steward.ds.services import CHUNK_BYTES, Config

pytestmark = pytest.mark.django_db

BYTES = "application/octet-stream"
JSON = "application/json"


def create(path: str, content_type: str = BYTES, body: bytes = b"", **config) -> DsStream:  # type: ignore[no-untyped-def]
    stream, created = services.create_stream(
        path=path, config=Config(content_type=content_type, **config), body=body
    )
    assert created
    return stream


def append(path: str, body: bytes, content_type: str = BYTES, **kwargs) -> services.Written:  # type: ignore[no-untyped-def]
    return services.append(path=path, content_type=content_type, body=body, **kwargs)


def everything(path: str) -> bytes:
    page = reads.read_page(path, 0, limit=10**9)
    assert page is not None
    return formats.response_body(page.state.content_type, page.data)


def test_a_put_with_the_same_configuration_is_idempotent_and_another_conflicts():
    create("/a", "text/plain; charset=utf-8", ttl_seconds=60)
    again, created = services.create_stream(
        path="/a", config=Config(content_type="text/plain", ttl_seconds=60), body=b""
    )
    assert not created and again.content_type == "text/plain; charset=utf-8"
    with pytest.raises(Conflict):
        services.create_stream(path="/a", config=Config(content_type="text/plain"), body=b"")
    with pytest.raises(Conflict):
        services.create_stream(
            path="/a", config=Config(content_type=JSON, ttl_seconds=60), body=b""
        )


def test_bytes_come_back_exactly_and_large_appends_are_stored_in_chunks():
    data = bytes(range(256)) * (CHUNK_BYTES // 128)  # two chunks' worth
    create("/bin", body=b"\x00\xff")
    written = append("/bin", data)
    assert written.tail == len(data) + 2
    assert DsChunk.objects.filter(stream__path="/bin").count() == 3
    assert everything("/bin") == b"\x00\xff" + data
    first = reads.read_page("/bin", 0, limit=1)
    assert first is not None and first.data == b"\x00\xff" and not first.up_to_date


def test_json_appends_flatten_one_level_and_keep_each_message_as_sent():
    create("/j", JSON, body=b"[]")
    append("/j", b'[{"a": 1.0}, [1, 2]]', JSON)
    append("/j", b'{"b":"\\u00e9"}', JSON)
    assert everything("/j") == b'[{"a": 1.0},[1, 2],{"b":"\\u00e9"}]'


@pytest.mark.parametrize("body", [b"[]", b"{oops", b"NaN", b"\xff"])
def test_json_streams_refuse_empty_arrays_and_invalid_json(body: bytes):
    create("/j", JSON)
    with pytest.raises(BadRequest):
        append("/j", body, JSON)
    assert everything("/j") == b"[]"


def test_an_append_of_another_content_type_conflicts():
    create("/t", "text/plain")
    with pytest.raises(Conflict):
        append("/t", b"{}", JSON)
    assert append("/t", b"ok", "TEXT/PLAIN; charset=utf-8").tail == 2


def test_a_closed_stream_refuses_appends_and_closing_again_is_idempotent():
    create("/c", body=b"abc")
    assert append("/c", b"", close=True).closed
    with pytest.raises(Conflict) as refused:
        append("/c", b"more")
    assert refused.value.headers["Stream-Closed"] == "true"
    assert append("/c", b"", close=True).status == 204
    assert everything("/c") == b"abc"


def test_an_idempotent_producer_is_deduplicated_fenced_and_kept_in_order():
    create("/p")
    assert append("/p", b"a", claim=Claim("w", 0, 0)).status == 200
    duplicate = append("/p", b"a", claim=Claim("w", 0, 0))
    assert duplicate.status == 204 and duplicate.producer_seq == 0
    with pytest.raises(Conflict) as gap:
        append("/p", b"c", claim=Claim("w", 0, 2))
    assert gap.value.headers == {"Producer-Expected-Seq": "1", "Producer-Received-Seq": "2"}
    assert append("/p", b"b", claim=Claim("w", 1, 0)).status == 200
    with pytest.raises(Forbidden) as zombie:
        append("/p", b"z", claim=Claim("w", 0, 1))
    assert zombie.value.headers == {"Producer-Epoch": "1"}
    with pytest.raises(BadRequest):
        append("/p", b"z", claim=Claim("w", 2, 1))
    assert everything("/p") == b"ab"


def test_a_producer_retrying_its_close_gets_success_and_others_get_a_conflict():
    create("/pc")
    append("/pc", b"end", claim=Claim("w", 0, 0), close=True)
    assert append("/pc", b"end", claim=Claim("w", 0, 0), close=True).status == 204
    with pytest.raises(Conflict):
        append("/pc", b"x", claim=Claim("other", 0, 0))


def test_stream_seq_must_increase_byte_wise():
    create("/s")
    append("/s", b"1", stream_seq="b")
    for stale in ("b", "B", "a"):
        with pytest.raises(Conflict):
            append("/s", b"2", stream_seq=stale)
    append("/s", b"3", stream_seq="c")
    assert everything("/s") == b"13"


def test_a_fork_starts_with_its_source_up_to_the_offset_and_then_goes_its_own_way():
    create("/src", "text/plain", body=b"first")
    append("/src", b"second", "text/plain")
    fork, _ = services.create_stream(
        path="/fork", config=Config(content_type=None, fork=ForkSpec("/src", 5)), body=b""
    )
    assert fork.content_type == "text/plain"
    append("/fork", b"-own", "text/plain")
    append("/src", b"-third", "text/plain")
    assert everything("/fork") == b"first-own"
    assert everything("/src") == b"firstsecond-third"


def test_a_json_fork_can_take_the_first_messages_of_a_batch():
    create("/js", JSON, body=b"[1, 2, 3]")
    spec = ForkSpec("/js", 0, sub_offset=2)
    services.create_stream(path="/jf", config=Config(content_type=JSON, fork=spec), body=b"")
    assert everything("/jf") == b"[1,2]"
    with pytest.raises(BadRequest):
        services.create_stream(
            path="/jf2", config=Config(content_type=JSON, fork=ForkSpec("/js", 0, 4)), body=b""
        )


def test_deleting_a_forked_source_keeps_it_gone_until_its_last_fork_is_deleted():
    create("/root", body=b"data")
    services.create_stream(path="/child", config=Config(None, fork=ForkSpec("/root")), body=b"")
    lifecycle.delete_stream(path="/root")
    with pytest.raises(Gone):
        reads.load("/root")
    with pytest.raises(Conflict):
        services.create_stream(path="/root", config=Config(BYTES), body=b"")
    assert everything("/child") == b"data"
    lifecycle.delete_stream(path="/child")
    assert not DsStream.objects.filter(path__in=["/root", "/child"]).exists()


def test_expired_streams_read_as_absent_and_are_purged():
    create("/ttl", ttl_seconds=60, body=b"x")
    create("/keep", body=b"y")
    DsStream.objects.filter(path="/ttl").update(
        last_access=DsStream.objects.get(path="/ttl").last_access - timedelta(seconds=61)
    )
    with pytest.raises(NotFound):
        append("/ttl", b"late")
    assert lifecycle.purge_expired() == 1
    assert list(DsStream.objects.values_list("path", flat=True)) == ["/keep"]


def test_reading_renews_a_sliding_ttl():
    create("/slide", ttl_seconds=60)
    old = DsStream.objects.get(path="/slide").last_access - timedelta(seconds=50)
    DsStream.objects.filter(path="/slide").update(last_access=old)
    assert reads.load("/slide") is not None
    assert DsStream.objects.get(path="/slide").last_access > old


def test_purge_streams_reports_what_it_purged():
    import io

    from django.core.management import call_command

    create("/old", ttl_seconds=1)
    DsStream.objects.filter(path="/old").update(
        last_access=DsStream.objects.get(path="/old").last_access - timedelta(seconds=2)
    )
    out = io.StringIO()
    call_command("purge_streams", stdout=out)
    assert out.getvalue().strip() == "Purged 1 expired stream."
    assert not DsStream.objects.filter(path="/old").exists()
