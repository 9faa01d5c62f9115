"""Test-only hooks, served by tests.support.urls only: close live sockets server-side, as a
proxy restart or a crashed process would."""

from __future__ import annotations

from django.http import HttpRequest, JsonResponse
from django.views.decorators.csrf import csrf_exempt

from steward.live.consumers import open_connections
from steward.live.models import session_stream


@csrf_exempt
async def close_sockets(request: HttpRequest) -> JsonResponse:
    session = request.GET.get("session", "")
    key = session_stream(session) if session else ""
    closing = [c for c in list(open_connections) if not key or c.key == key]
    for consumer in closing:
        await consumer.close(4000)
    return JsonResponse({"closed": len(closing)})
