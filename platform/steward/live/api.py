"""REST edge of sessions: create and list them (say, stop and steer: steward.agents.api)."""

from __future__ import annotations

from typing import Any

from drf_spectacular.utils import extend_schema
from rest_framework import serializers, status
from rest_framework.exceptions import PermissionDenied
from rest_framework.request import Request
from rest_framework.response import Response
from rest_framework.views import APIView

from steward.access.actors import actor_of
from steward.access.authorization import may, visible_apps
from steward.actions.fields import StrictCharField
from steward.live import services
from steward.live.models import Session


class SessionSerializer(serializers.ModelSerializer[Session]):
    created_by: serializers.SlugRelatedField[Any] = serializers.SlugRelatedField(
        slug_field="username", read_only=True
    )
    url = serializers.SerializerMethodField()

    class Meta:
        model = Session
        fields = ["id", "app", "title", "created_by", "created", "state", "url"]
        read_only_fields = ["id", "created_by", "created", "state", "url"]

    def get_url(self, obj: Session) -> str:
        return f"/sessions/{obj.id}/"


class NewSessionSerializer(serializers.Serializer[Any]):
    app = StrictCharField(max_length=64)
    title = StrictCharField(max_length=200, allow_blank=True, required=False, default="")


class SessionListView(APIView):
    """GET: the sessions of the apps you may see. POST {"app", "title"}: open a session."""

    @extend_schema(responses=SessionSerializer(many=True))
    def get(self, request: Request) -> Response:
        apps = visible_apps(actor_of(request))
        sessions = Session.objects.filter(app__in=apps).select_related("created_by")[:200]
        return Response(SessionSerializer(sessions, many=True).data)

    @extend_schema(request=NewSessionSerializer, responses={201: SessionSerializer})
    def post(self, request: Request) -> Response:
        body = NewSessionSerializer(data=request.data)
        body.is_valid(raise_exception=True)
        app = body.validated_data["app"]
        actor = actor_of(request)
        if not may(actor, "control", app):
            raise PermissionDenied(
                f"Opening a session of {app!r} needs the operator role on its team "
                "(or a writable token of that app)."
            )
        assert actor is not None
        session = services.create_session(
            app=app, title=body.validated_data["title"], created_by=actor.user, by=actor.label
        )
        return Response(SessionSerializer(session).data, status=status.HTTP_201_CREATED)
