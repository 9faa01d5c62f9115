"""Scrape /metrics the way Prometheus does and read one sample's value."""

from __future__ import annotations

from django.contrib.auth.models import AnonymousUser
from django.test import RequestFactory
from prometheus_client.parser import text_string_to_metric_families

from steward.pages.metrics import metrics


def sample(name: str, **labels: str) -> float:
    """The value of sample ``name`` with ``labels`` (0.0 when it is not there yet)."""
    request = RequestFactory().get("/metrics", REMOTE_ADDR="127.0.0.1")
    request.user = AnonymousUser()
    response = metrics(request)
    assert response.status_code == 200
    for family in text_string_to_metric_families(response.content.decode()):
        for s in family.samples:
            if s.name == name and all(s.labels.get(k) == v for k, v in labels.items()):
                return float(s.value)
    return 0.0
