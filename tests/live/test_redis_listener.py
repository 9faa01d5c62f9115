from __future__ import annotations

import asyncio

import pytest

from steward.live.redis_listener import read_reply
from steward.live.resp import command


def test_commands_are_encoded_as_resp_arrays() -> None:
    assert command("SUBSCRIBE", "a:b") == b"*2\r\n$9\r\nSUBSCRIBE\r\n$3\r\na:b\r\n"


async def test_replies_are_parsed_including_pubsub_messages() -> None:
    reader = asyncio.StreamReader()
    reader.feed_data(
        b"*3\r\n$9\r\nsubscribe\r\n$3\r\na:b\r\n:1\r\n"
        b'*3\r\n$7\r\nmessage\r\n$3\r\na:b\r\n$11\r\n{"tail": 7}\r\n'
        b"+OK\r\n$-1\r\n-ERR wrong\r\n"
    )
    assert await read_reply(reader) == [b"subscribe", b"a:b", 1]
    assert await read_reply(reader) == [b"message", b"a:b", b'{"tail": 7}']
    assert await read_reply(reader) == b"OK"
    assert await read_reply(reader) is None
    with pytest.raises(ConnectionError, match="ERR wrong"):
        await read_reply(reader)
