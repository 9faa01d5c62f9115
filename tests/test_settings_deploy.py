"""deploy/ matches the settings: every variable documented, compose and k8s files well formed."""

from __future__ import annotations

import re
from pathlib import Path
from typing import Any

import yaml

ROOT = Path(__file__).resolve().parents[1]
DEPLOY = ROOT / "deploy"


def _read_by_settings() -> set[str]:
    source = (ROOT / "platform/steward/settings.py").read_text()
    return set(re.findall(r"env\.\w+\(\s*\"([A-Z][A-Z0-9_]*)\"", source))


def _documented() -> set[str]:
    text = (DEPLOY / ".env.example").read_text()
    return set(re.findall(r"^#?\s*([A-Z][A-Z0-9_]*)=", text, flags=re.M))


def _k8s() -> list[dict[str, Any]]:
    docs = []
    for path in sorted((DEPLOY / "k8s").glob("*.yaml")):
        docs += [doc for doc in yaml.safe_load_all(path.read_text()) if doc]
    return docs


def test_every_variable_the_settings_read_is_documented() -> None:
    missing = _read_by_settings() - _documented()
    assert not missing, f"add these to deploy/.env.example with a comment: {sorted(missing)}"


def test_every_documented_variable_is_read_by_the_settings() -> None:
    stale = _documented() - _read_by_settings()
    assert not stale, f"deploy/.env.example documents unknown variables: {sorted(stale)}"


def test_compose_runs_gunicorn_and_daphne_behind_nginx_with_worker_postgres_and_redis() -> None:
    compose = yaml.safe_load((DEPLOY / "compose.yaml").read_text())
    services = compose["services"]
    assert {"web", "live", "worker", "nginx", "postgres", "redis", "migrate"} <= set(services)
    assert services["web"]["deploy"]["replicas"] == 2
    assert services["live"]["deploy"]["replicas"] == 2
    assert services["web"]["command"][:2] == ["gunicorn", "steward.wsgi:application"]
    assert services["web"]["environment"]["CONN_MAX_AGE"] == "60"  # one per sync worker
    assert "command" not in services["live"]  # the image's daphne
    assert "CONN_MAX_AGE" not in services["live"]["environment"]  # ASGI: one thread each
    for name in ("web", "live", "worker", "migrate"):
        env = services[name]["environment"]
        assert env["DATABASE_URL"].startswith("postgres://") and env["REDIS_URL"].startswith(
            "redis://"
        )
        assert set(env) <= _documented()
        assert (DEPLOY.parent / services[name]["build"]["dockerfile"]).is_file()
    assert "celery" in services["worker"]["command"]
    assert services["worker"]["environment"]["CONN_MAX_AGE"] == "60"  # warm connections
    assert any("nginx.conf" in volume for volume in services["nginx"]["volumes"])


def test_nginx_upgrades_websockets_and_does_not_buffer_streams() -> None:
    conf = (DEPLOY / "nginx.conf").read_text()
    blocks = dict(re.findall(r"location\s+(\S+)\s*\{(.*?)\n    \}", conf, flags=re.S))
    assert "proxy_set_header Upgrade $http_upgrade" in conf
    # A location's own proxy_set_header would drop the server's Host and X-Forwarded-*
    # (tests/test_nginx_conf.py runs the file and checks what each location forwards).
    assert not any("proxy_set_header" in block for block in blocks.values())
    assert "proxy_buffering off" in blocks["/streams/"]
    assert "server web:8000" in conf and "server live:8000" in conf


def test_nginx_sends_long_lived_connections_to_daphne_and_the_rest_to_gunicorn() -> None:
    conf = (DEPLOY / "nginx.conf").read_text()
    blocks = dict(re.findall(r"location\s+(\S+)\s*\{(.*?)\n    \}", conf, flags=re.S))
    for path in ("/ws/", "/streams/", "/mcp"):
        assert "proxy_pass http://steward_live;" in blocks[path], path
    assert "proxy_pass http://steward_web;" in blocks["/"]


def test_the_image_installs_collects_static_and_serves_with_daphne() -> None:
    dockerfile = (DEPLOY / "Dockerfile").read_text()
    assert dockerfile.startswith("#") and "FROM python:3.11-slim" in dockerfile
    assert "pip install ." in dockerfile and "collectstatic --noinput" in dockerfile
    assert '"daphne"' in dockerfile and "steward.asgi:application" in dockerfile
    env_names = set(re.findall(r"\b(STEWARD_[A-Z_]+)=", dockerfile))
    assert env_names <= _documented()


def test_kubernetes_manifests_deploy_web_live_and_worker_with_probes() -> None:
    docs = _k8s()
    kinds = sorted(doc["kind"] for doc in docs)
    assert kinds.count("Deployment") == 3
    assert {"Service", "ConfigMap", "Secret", "Job", "Ingress"} <= set(kinds)
    deployments = {d["metadata"]["name"]: d for d in docs if d["kind"] == "Deployment"}
    for name in ("steward-web", "steward-live"):
        container = deployments[name]["spec"]["template"]["spec"]["containers"][0]
        assert container["livenessProbe"]["httpGet"]["path"] == "/healthz"
        assert container["readinessProbe"]["httpGet"]["path"] == "/readyz"
    web = deployments["steward-web"]["spec"]["template"]["spec"]["containers"][0]
    assert web["command"][:2] == ["gunicorn", "steward.wsgi:application"]
    assert {"name": "CONN_MAX_AGE", "value": "60"} in web["env"]
    routes = {
        path["path"]: path["backend"]["service"]["name"]
        for doc in docs
        if doc["kind"] == "Ingress"
        for rule in doc["spec"]["rules"]
        for path in rule["http"]["paths"]
    }
    assert routes == {
        "/ws/": "steward-live",
        "/streams/": "steward-live",
        "/mcp": "steward-live",
        "/": "steward-web",
    }
    services = {d["metadata"]["name"] for d in docs if d["kind"] == "Service"}
    assert set(routes.values()) <= services
    for doc in docs:
        if doc["kind"] in {"ConfigMap", "Secret"}:
            values = doc.get("data") or doc.get("stringData")
            assert set(values) <= _documented(), doc["metadata"]["name"]
