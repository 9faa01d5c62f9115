"""Kept over redis-py: its per-message parsing cost as much CPU as the frames (bench_live).

The few pieces of Redis's RESP2 protocol the live wake-ups speak themselves.

redis-py stays the client for everything else. Wake-ups are the hot path: the listener
(redis_listener.py) parses pub/sub messages without redis-py's per-message overhead, and
the publisher (wakeups.py) sends PUBLISH with replies switched off, so a writer never waits
for Redis after its commit.
"""

from __future__ import annotations

from dataclasses import dataclass
from urllib.parse import unquote, urlparse


def command(*parts: str | bytes) -> bytes:
    out = [b"*%d\r\n" % len(parts)]
    for part in parts:
        data = part.encode() if isinstance(part, str) else part
        out.append(b"$%d\r\n%s\r\n" % (len(data), data))
    return b"".join(out)


@dataclass(frozen=True)
class Address:
    host: str
    port: int
    path: str  # a unix socket's path, or ""
    tls: bool
    auth: tuple[str, ...]  # AUTH's arguments: (), (password,) or (username, password)

    @classmethod
    def of(cls, url: str) -> Address:
        parts = urlparse(url)
        auth: tuple[str, ...] = ()
        if parts.password:
            password = unquote(parts.password)
            auth = (unquote(parts.username), password) if parts.username else (password,)
        return cls(
            host=parts.hostname or "127.0.0.1",
            port=parts.port or 6379,
            path=parts.path if parts.scheme == "unix" else "",
            tls=parts.scheme == "rediss",
            auth=auth,
        )
