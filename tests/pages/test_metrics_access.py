"""/metrics answers staff, the metrics token and a direct loopback caller; nobody else."""

from __future__ import annotations

from typing import Any

import pytest
from django.contrib.auth.models import AnonymousUser
from django.test import RequestFactory, override_settings

from steward.pages.metrics import metrics

pytestmark = pytest.mark.django_db
TOKEN = "s3cret-metrics-token"


def scrape(remote: str = "203.0.113.9", user: Any = None, **headers: str) -> Any:
    request = RequestFactory().get("/metrics", REMOTE_ADDR=remote, **headers)
    request.user = user or AnonymousUser()
    return metrics(request)


def test_anonymous_from_outside_is_refused() -> None:
    response = scrape()
    assert response.status_code == 401
    assert b"STEWARD_METRICS_TOKEN" in response.content


def test_staff_may_scrape(carol: Any) -> None:
    response = scrape(user=carol)
    assert response.status_code == 200
    assert b"steward_approvals_pending" in response.content


def test_a_team_member_who_is_not_staff_is_refused(alice: Any) -> None:
    assert scrape(user=alice).status_code == 401


def test_direct_loopback_may_scrape() -> None:
    assert scrape(remote="127.0.0.1").status_code == 200
    assert scrape(remote="::1").status_code == 200


def test_loopback_through_a_proxy_is_refused() -> None:
    # nginx connects from 127.0.0.1 for every outside caller: its forwarding headers tell.
    assert scrape(remote="127.0.0.1", HTTP_X_FORWARDED_FOR="203.0.113.9").status_code == 401
    assert scrape(remote="127.0.0.1", HTTP_X_REAL_IP="203.0.113.9").status_code == 401


@override_settings(STEWARD_METRICS_TOKEN=TOKEN)
def test_the_token_may_scrape() -> None:
    assert scrape(HTTP_AUTHORIZATION=f"Bearer {TOKEN}").status_code == 200


@override_settings(STEWARD_METRICS_TOKEN=TOKEN)
def test_a_wrong_token_is_refused_even_from_loopback() -> None:
    response = scrape(remote="127.0.0.1", HTTP_AUTHORIZATION="Bearer not-the-token")
    assert response.status_code == 403


@override_settings(STEWARD_METRICS_TOKEN="")
def test_no_token_is_accepted_when_none_is_configured() -> None:
    assert scrape(HTTP_AUTHORIZATION="Bearer ").status_code == 401
