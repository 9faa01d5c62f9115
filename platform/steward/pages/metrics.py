"""``GET /metrics``: the Prometheus exposition, for staff, the metrics token or loopback only.

Loopback is trusted only for a direct connection: a request that came through a proxy
(nginx sets X-Forwarded-For / X-Real-IP) arrives from 127.0.0.1 too, yet its sender is
outside, so it needs the token or a staff session.
"""

from __future__ import annotations

import hmac
import ipaddress
from collections.abc import Iterator

from django.conf import settings
from django.http import HttpRequest, HttpResponse
from django.views.decorators.http import require_GET
from prometheus_client.core import GaugeMetricFamily
from prometheus_client.registry import Collector

from steward.actions.models import Approval
from steward.metrics.exposition import CONTENT_TYPE_LATEST, render

PROXY_HEADERS = ("HTTP_X_FORWARDED_FOR", "HTTP_X_REAL_IP", "HTTP_FORWARDED")


class PendingApprovals(Collector):
    """Computed at scrape from the table: every process answers the same, no bookkeeping."""

    def collect(self) -> Iterator[GaugeMetricFamily]:
        count = Approval.objects.filter(state=Approval.State.PENDING).count()
        yield GaugeMetricFamily(
            "steward_approvals_pending", "Approvals waiting for a person's decision.", value=count
        )

    def describe(self) -> list[GaugeMetricFamily]:
        return []


def _direct_loopback(request: HttpRequest) -> bool:
    if any(request.META.get(header) for header in PROXY_HEADERS):
        return False
    try:
        return ipaddress.ip_address(request.META.get("REMOTE_ADDR", "")).is_loopback
    except ValueError:
        return False


def refusal(request: HttpRequest) -> HttpResponse | None:
    """None when the caller may read the metrics; else the 401 or 403 that says how."""
    token = settings.STEWARD_METRICS_TOKEN
    header = request.META.get("HTTP_AUTHORIZATION", "")
    if header:
        scheme, _, given = header.partition(" ")
        if token and scheme.lower() == "bearer" and hmac.compare_digest(given.strip(), token):
            return None
        return HttpResponse(
            "Wrong metrics token: send Authorization: Bearer <STEWARD_METRICS_TOKEN>.\n",
            status=403 if token else 401,
            content_type="text/plain",
        )
    user = getattr(request, "user", None)
    if (user is not None and user.is_active and user.is_staff) or _direct_loopback(request):
        return None
    return HttpResponse(
        "Metrics are for Prometheus: send Authorization: Bearer <STEWARD_METRICS_TOKEN>, "
        "log in as staff, or scrape from loopback directly.\n",
        status=401,
        content_type="text/plain",
        headers={"WWW-Authenticate": 'Bearer realm="metrics"'},
    )


@require_GET
def metrics(request: HttpRequest) -> HttpResponse:
    refused = refusal(request)
    if refused is not None:
        return refused
    return HttpResponse(render([PendingApprovals()]), content_type=CONTENT_TYPE_LATEST)
