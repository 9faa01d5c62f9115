"""deploy/nginx.conf, run by Debian's nginx as shipped, forwards what Django needs on every
path: the client's Host (ALLOWED_HOSTS, absolute URLs) and X-Forwarded-* (the scheme behind
TLS: CSRF's origin check, secure cookies), and the upgrade on WebSocket handshakes only.

A backend that answers with the headers it received stands in for gunicorn and daphne.
"""

from __future__ import annotations

import json
import threading
from collections.abc import Iterator
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer
from pathlib import Path
from typing import Any

import httpx
import pytest

from tests.support.nginx import Nginx, nginx_server


class _Echo(BaseHTTPRequestHandler):
    protocol_version = "HTTP/1.1"

    def log_message(self, format: str, *args: Any) -> None:  # quiet
        pass

    def do_GET(self) -> None:
        body = json.dumps({k.lower(): v for k, v in self.headers.items()}).encode()
        self.send_response(200)
        self.send_header("Content-Type", "application/json")
        self.send_header("Content-Length", str(len(body)))
        self.end_headers()
        self.wfile.write(body)


@pytest.fixture
def proxy(tmp_path: Path) -> Iterator[Nginx]:
    echo = ThreadingHTTPServer(("127.0.0.1", 0), _Echo)
    echo.daemon_threads = True
    threading.Thread(target=echo.serve_forever, daemon=True).start()
    address = f"127.0.0.1:{echo.server_address[1]}"
    try:
        with nginx_server(tmp_path / "nginx", web=[address], live=[address]) as server:
            yield server
    finally:
        echo.shutdown()
        echo.server_close()


CLIENT = {"Host": "steward.example.com", "X-Forwarded-Proto": "https"}


def _seen(proxy: Nginx, path: str, **headers: str) -> dict[str, str]:
    response = httpx.get(f"{proxy.url}{path}", headers={**CLIENT, **headers}, trust_env=False)
    assert response.status_code == 200, response.text
    return dict(response.json())


PATHS = ["/api/apps/", "/ws/sessions/s_1/", "/streams/sessions/s_1", "/mcp"]


@pytest.mark.parametrize("path", PATHS)
def test_every_location_forwards_the_host_and_the_scheme(proxy: Nginx, path: str) -> None:
    seen = _seen(proxy, path)
    assert seen["host"] == "steward.example.com"
    assert seen["x-forwarded-proto"] == "https"  # the TLS-terminating balancer's, kept
    assert seen["x-forwarded-for"] == seen["x-real-ip"] == "127.0.0.1"
    assert "upgrade" not in seen
    if path != "/api/apps/":  # daphne's connections are kept alive (upstream keepalive)
        assert "connection" not in seen


def test_a_websocket_handshake_asks_the_live_upstream_to_upgrade(proxy: Nginx) -> None:
    seen = _seen(proxy, "/ws/sessions/s_1/", Upgrade="websocket", Connection="Upgrade")
    assert seen["upgrade"] == "websocket" and seen["connection"] == "upgrade"
    assert seen["host"] == "steward.example.com" and seen["x-forwarded-proto"] == "https"
