"""``GET /api/sessions/<id>/presence``: who is in the session now (live.presence)."""

from __future__ import annotations

from drf_spectacular.types import OpenApiTypes
from drf_spectacular.utils import extend_schema
from rest_framework.exceptions import NotFound
from rest_framework.request import Request
from rest_framework.response import Response
from rest_framework.views import APIView

from steward.access.actors import actor_of
from steward.access.authorization import may
from steward.live import presence
from steward.live.models import Session


class SessionPresenceView(APIView):
    """GET: ``{"here": [{"who", "connections"}]}`` — everyone with a socket open now."""

    @extend_schema(responses={200: OpenApiTypes.OBJECT})
    def get(self, request: Request, session_id: str) -> Response:
        app = Session.objects.filter(pk=session_id).values_list("app", flat=True).first()
        if app is None or not may(actor_of(request), "watch", app):
            raise NotFound(f"No session {session_id!r}.")
        return Response({"here": presence.here(session_id)})
