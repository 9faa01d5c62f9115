"""A Celery worker's own scrape target, for workers that share no PROMETHEUS_MULTIPROC_DIR
with a web process (e.g. separate Kubernetes pods): runs, tokens and task metrics are
recorded in the worker, so something has to expose them."""

from __future__ import annotations

from django.conf import settings
from prometheus_client import CollectorRegistry, start_http_server
from prometheus_client.multiprocess import MultiProcessCollector


def serve_if_configured() -> int:
    """Start the exposition on STEWARD_WORKER_METRICS_PORT (0, the default: off); returns it.

    It has no authentication: bind it (STEWARD_WORKER_METRICS_ADDR, default 127.0.0.1) to an
    address only Prometheus reaches, never a public one.
    """
    port = settings.STEWARD_WORKER_METRICS_PORT
    if port:
        addr = settings.STEWARD_WORKER_METRICS_ADDR
        if settings.PROMETHEUS_MULTIPROC_DIR:
            registry = CollectorRegistry()
            MultiProcessCollector(registry)
            start_http_server(port, addr=addr, registry=registry)
        else:
            start_http_server(port, addr=addr)
    return int(port)
