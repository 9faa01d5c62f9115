"""Debian's nginx running ``deploy/nginx.conf`` as shipped, in front of local test servers.

Only what names the machines is templated, from the file's text at test time: the ``server``
lines of the upstreams ``steward_web`` and ``steward_live`` and the ``listen`` port. A
generated top-level configuration (pid, logs and temp paths in the test's directory, one
worker, in the foreground) ``include``s the result, so every ``location``, header, timeout
and buffering rule the test exercises is the shipped one.
"""

from __future__ import annotations

import os
import re
import shutil
import signal
import subprocess
import tempfile
from collections.abc import Iterator, Sequence
from contextlib import contextmanager
from dataclasses import dataclass
from pathlib import Path

from tests.support.servers import ROOT, Server, free_port, wait_for_http

SHIPPED = ROOT / "deploy" / "nginx.conf"
DEBIAN_NGINX = "/usr/sbin/nginx"

# One block per upstream; its ``server host:port;`` lines are what a deployment changes.
_UPSTREAM = re.compile(r"^upstream\s+(?P<name>\w+)\s*\{(?P<body>[^}]*)\}", re.M)
_SERVER = re.compile(r"^(?P<indent>[ \t]*)server[ \t]+[^;\s]+;[ \t]*\n", re.M)
_LISTEN = re.compile(r"^(?P<indent>[ \t]*)listen[ \t]+80;", re.M)


def nginx_binary() -> str | None:
    """The nginx executable (on PATH, or Debian's in /usr/sbin, off PATH for non-root)."""
    found = shutil.which("nginx")
    if found:
        return found
    return DEBIAN_NGINX if os.access(DEBIAN_NGINX, os.X_OK) else None


def require_nginx() -> str:
    """The nginx binary; skips the test without one, except under CI, where it fails."""
    import pytest

    binary = nginx_binary()
    if binary is None:
        if os.environ.get("CI"):
            pytest.fail("CI must run the nginx tests: install nginx (.ci/run installs it)")
        pytest.skip("needs nginx (apt-get install nginx-light) to run deploy/nginx.conf")
    return binary


def templated(text: str, *, port: int, upstreams: dict[str, Sequence[str]]) -> str:
    """The shipped configuration with each named upstream's servers replaced by ``upstreams``
    ("host:port" each) and ``listen 80`` by a loopback port; nothing else changes.

    Raises ValueError when the file no longer has the shape this relies on (one ``server``
    line per upstream, one ``listen 80``): the test must then be updated with the file,
    never silently proxy somewhere else."""
    seen: set[str] = set()

    def upstream(match: re.Match[str]) -> str:
        name, body = match["name"], match["body"]
        if name not in upstreams:
            return match[0]
        servers = list(_SERVER.finditer(body))
        if len(servers) != 1:
            raise ValueError(f"upstream {name} should have one server line, has {len(servers)}")
        seen.add(name)
        indent = servers[0]["indent"]
        lines = "".join(f"{indent}server {address};\n" for address in upstreams[name])
        return match[0].replace(servers[0][0], lines)

    out = _UPSTREAM.sub(upstream, text)
    if missing := set(upstreams) - seen:
        raise ValueError(f"no upstream block for {sorted(missing)} in the shipped nginx.conf")
    out, listens = _LISTEN.subn(rf"\g<indent>listen 127.0.0.1:{port};", out)
    if listens != 1:
        raise ValueError(f"expected one 'listen 80;' in the shipped nginx.conf, found {listens}")
    return out


@dataclass(frozen=True)
class Served:
    """One line of the access log: what nginx answered, and every upstream it tried."""

    request: str
    status: int
    upstreams: tuple[str, ...]


@dataclass
class Nginx(Server):
    """The proxy (``log`` is its stderr); its own logs are in ``directory``."""

    directory: Path

    def served(self) -> list[Served]:
        """The requests nginx finished so far (a WebSocket's when it closed)."""
        out = []
        for line in (self.directory / "access.log").read_text().splitlines():
            head, tried = line.rsplit(" upstream=", 1)
            request, status = head.rsplit(" ", 1)
            upstreams = tuple(a.strip() for a in tried.split(",") if a.strip() not in ("", "-"))
            out.append(Served(request, int(status), upstreams))
        return out


_TOP = """\
worker_processes 1;
daemon off;
pid {dir}/nginx.pid;
error_log {dir}/error.log notice;
events {{ worker_connections 1024; }}
http {{
    log_format upstreams '$request $status upstream=$upstream_addr';  # Nginx.served
    access_log {dir}/access.log upstreams;
    client_body_temp_path {temp}/client_body;
    proxy_temp_path {temp}/proxy;
    fastcgi_temp_path {temp}/fastcgi;
    uwsgi_temp_path {temp}/uwsgi;
    scgi_temp_path {temp}/scgi;
    include {dir}/steward.conf;
}}
"""


@contextmanager
def nginx_server(
    directory: Path, *, web: Sequence[str], live: Sequence[str], health: str = "/healthz"
) -> Iterator[Nginx]:
    """nginx in the foreground with the shipped site, ``web`` and ``live`` as its upstreams'
    servers; waits until ``health`` answers 200 through it."""
    binary = require_nginx()
    directory.mkdir(parents=True, exist_ok=True)
    port = free_port()
    site = templated(
        SHIPPED.read_text(), port=port, upstreams={"steward_web": web, "steward_live": live}
    )
    (directory / "steward.conf").write_text(site)
    # Run as root, nginx's workers drop to an unprivileged user, which must be able to reach
    # the temp paths: not under pytest's private (0700) directories.
    temp = Path(tempfile.mkdtemp(prefix="steward-nginx-"))
    temp.chmod(0o755)
    conf = directory / "nginx.conf"
    conf.write_text(_TOP.format(dir=directory, temp=temp))
    log = directory / "stderr.log"
    with log.open("wb") as out:
        process = subprocess.Popen(
            [binary, "-p", str(directory), "-c", str(conf), "-e", str(directory / "error.log")],
            stdout=out, stderr=subprocess.STDOUT, start_new_session=True,
        )  # fmt: skip
    server = Nginx(f"http://127.0.0.1:{port}", port, process, log, directory)
    try:
        wait_for_http(f"{server.url}{health}", process, log)
        yield server
    finally:
        if process.poll() is None:
            process.terminate()  # SIGTERM: nginx's fast shutdown, workers included
            try:
                process.wait(timeout=10)
            except subprocess.TimeoutExpired:
                os.killpg(process.pid, signal.SIGKILL)
                process.wait(timeout=5)
        shutil.rmtree(temp, ignore_errors=True)
