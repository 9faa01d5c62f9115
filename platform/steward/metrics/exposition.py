"""Render the metrics as Prometheus text: this process's, or (multiprocess) every process's."""

from __future__ import annotations

import os
from collections.abc import Iterable, Iterator

from prometheus_client import CONTENT_TYPE_LATEST, REGISTRY, CollectorRegistry, generate_latest
from prometheus_client.metrics_core import Metric
from prometheus_client.multiprocess import MultiProcessCollector
from prometheus_client.registry import Collector

__all__ = ["CONTENT_TYPE_LATEST", "render"]


class _ThisProcess(Collector):
    """The default registry (this process's values), nested in a scrape's registry."""

    def collect(self) -> Iterator[Metric]:
        return iter(REGISTRY.collect())

    def describe(self) -> list[Metric]:
        return []  # names are checked in REGISTRY already


def render(extra: Iterable[Collector] = ()) -> bytes:
    """The text exposition; ``extra`` collectors compute values at scrape (e.g. from a table)."""
    registry = CollectorRegistry()
    if os.environ.get("PROMETHEUS_MULTIPROC_DIR"):
        MultiProcessCollector(registry)  # every process's files, summed
    else:
        registry.register(_ThisProcess())
    for collector in extra:
        registry.register(collector)
    return generate_latest(registry)
