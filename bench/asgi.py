"""The benchmarks' ASGI app: Steward's own, plus the live baseline's WebSocket route.

``daphne bench.asgi:application`` serves everything ``steward.asgi`` serves (with
``bench.urls`` for HTTP) and ``/ws/bench-baseline/<room>/``, the stock Channels consumer
that bench_live compares against.
"""

from __future__ import annotations

import os
from typing import Any

os.environ.setdefault("DJANGO_SETTINGS_MODULE", "bench.settings")

from channels.routing import URLRouter
from django.urls import path

from bench.baseline_consumer import BaselineConsumer
from steward.asgi import application as steward_application

BASELINE_PREFIX = "/ws/bench-baseline/"
baseline_application = URLRouter(
    [path("ws/bench-baseline/<str:room>/", BaselineConsumer.as_asgi())]
)


async def application(scope: dict[str, Any], receive: Any, send: Any) -> None:
    if scope["type"] == "websocket" and scope["path"].startswith(BASELINE_PREFIX):
        await baseline_application(scope, receive, send)
    else:
        await steward_application(scope, receive, send)
