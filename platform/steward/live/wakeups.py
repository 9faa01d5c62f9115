"""Kept over redis-py: PUBLISH with replies off halved a writer's CPU per event (bench_live).

Wake-ups: after a commit, tell every process's hubs that a stream has new events.

The log stores; this only signals, and a lost wake-up costs latency, never data (hubs
also check the log's tail periodically). In-process hubs are woken directly, which is what
the embedded configuration (runner threads inside the ASGI process) relies on. With Redis,
one PUBLISH per commit reaches every ASGI process, whose hub holds one subscription per
stream. Appends come from sync code (Celery workers, threads), so this is a plain socket,
not the channel layer (whose ``async_to_sync`` opens an event loop and a connection per
event) — and it sends PUBLISH with Redis's replies switched off (``CLIENT REPLY OFF``): a
writer never waits for Redis after its commit, which halved a paced writer's CPU per event.
"""

from __future__ import annotations

import json
import logging
import os
import socket
import ssl
import threading
from typing import Any

from django.conf import settings

from steward.live.resp import Address, command

log = logging.getLogger(__name__)

# Payloads larger than this carry only the tail seq; the hub reads the events from the log.
MAX_INLINE_EVENTS = 64
CONNECT_TIMEOUT = 2.0


def channel_name(key: str) -> str:
    prefix = getattr(settings, "STEWARD_REDIS_PREFIX", "steward")
    return f"{prefix}:live:{key}"


def publish(key: str, events: list[dict[str, Any]]) -> None:
    """Signal that ``events`` (consecutive, committed) were appended to stream ``key``."""
    from steward.live.hub import hubs

    if not events:
        return
    hubs.notify_threadsafe(key, events)
    if settings.REDIS_URL:
        message: dict[str, Any] = {"tail": events[-1]["seq"]}
        if len(events) <= MAX_INLINE_EVENTS:
            message["events"] = events
        try:
            publisher().send(channel_name(key), json.dumps(message, separators=(",", ":")))
        except OSError as exc:  # a lost wake-up only delays delivery until the next tail check
            publishing.failed(exc)
        else:
            publishing.ok()


class Outage:
    """One warning when Redis goes away and one line when it is back, not one per event.

    Every event during an outage would otherwise log its own traceback, burying the one
    line that says what is wrong."""

    def __init__(self, who: str) -> None:
        self.who = who
        self.down = False
        self.lock = threading.Lock()

    def failed(self, exc: BaseException) -> None:
        with self.lock:
            first, self.down = not self.down, True
        if first:
            log.warning(
                "%s: Redis is unreachable (%s: %s); live delivery falls back to the log's tail "
                "checks until it is back. Check REDIS_URL and that Redis is running.",
                self.who,
                type(exc).__name__,
                exc,
            )

    def ok(self) -> None:
        if not self.down:
            return
        with self.lock:
            was, self.down = self.down, False
        if was:
            log.warning("%s: Redis is reachable again", self.who)


publishing = Outage("live wake-ups")


class Publisher:
    """One connection per process (re-opened after a fork or an error), shared by threads."""

    def __init__(self, url: str) -> None:
        self.url = url
        self.address = Address.of(url)
        self.lock = threading.Lock()
        self.sock: socket.socket | None = None
        self.pid = 0

    def send(self, channel: str, message: str) -> None:
        data = command("PUBLISH", channel, message)
        with self.lock:
            for attempt in range(2):
                try:
                    if self.sock is None or self.pid != os.getpid():
                        self.sock, self.pid = self._connect(), os.getpid()
                    self.sock.sendall(data)
                    return
                except OSError:
                    self.close()
                    if attempt:
                        raise

    def close(self) -> None:
        if self.sock is not None:
            try:
                self.sock.close()
            finally:
                self.sock = None

    def _connect(self) -> socket.socket:
        a = self.address
        if a.path:
            sock = socket.socket(socket.AF_UNIX, socket.SOCK_STREAM)
            sock.settimeout(CONNECT_TIMEOUT)
            sock.connect(a.path)
        else:
            sock = socket.create_connection((a.host, a.port), timeout=CONNECT_TIMEOUT)
            sock.setsockopt(socket.IPPROTO_TCP, socket.TCP_NODELAY, 1)
            if a.tls:
                sock = ssl.create_default_context().wrap_socket(sock, server_hostname=a.host)
        try:
            if a.auth:
                sock.sendall(command("AUTH", *a.auth))
                reply = sock.recv(512)
                if not reply.startswith(b"+OK"):
                    raise ConnectionRefusedError(f"Redis refused AUTH: {reply!r}")
            sock.sendall(command("CLIENT", "REPLY", "OFF"))
        except BaseException:
            sock.close()
            raise
        return sock


_publisher_lock = threading.Lock()
_publisher: Publisher | None = None


def publisher() -> Publisher:
    global _publisher
    with _publisher_lock:
        if _publisher is None or _publisher.url != settings.REDIS_URL:
            if _publisher is not None:
                _publisher.close()
            _publisher = Publisher(settings.REDIS_URL)
        return _publisher
