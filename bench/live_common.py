"""Shared pieces of the live benchmark's measuring process (Django is configured here)."""

from __future__ import annotations

import json
import os
from typing import Any

import django

# Setup calls (users, sessions) run between measurements, never during one.
os.environ.setdefault("DJANGO_ALLOW_ASYNC_UNSAFE", "true")
django.setup()

from django.contrib.auth import get_user_model  # noqa: E402
from django.test import Client  # noqa: E402

from steward.access.models import Membership  # noqa: E402
from steward.gc_tuning import settle  # noqa: E402

settle()  # as daphne does (steward/gc_tuning.py): no full-collection stalls in the measurement

HTTP = os.environ["BENCH_LIVE_URL"]
BASE = HTTP.replace("http://", "ws://")
IDLE = 3.0  # a subscriber gives up this long after its last frame (lost events never come)
HEADERS: dict[str, str] = {}


def p99(values: list[float]) -> float:
    ordered = sorted(values)
    return ordered[min(len(ordered) - 1, int(len(ordered) * 0.99))] * 1000 if ordered else 0.0


def events_of(frame: str | bytes) -> list[dict[str, Any]]:
    data = json.loads(frame)
    return data if isinstance(data, list) else [data]


def cookie() -> dict[str, str]:
    user = get_user_model().objects.create_user("bench", "", "bench-password-1")
    Membership.objects.create(user=user, app="ideaboard", role="operator")
    client = Client()
    client.force_login(user)
    return {"Cookie": f"sessionid={client.cookies['sessionid'].value}"}
