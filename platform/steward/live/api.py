"""REST edge of sessions: create and list sessions, stop and steer their runs."""

from __future__ import annotations

from typing import Any

from django.shortcuts import get_object_or_404
from drf_spectacular.types import OpenApiTypes
from drf_spectacular.utils import extend_schema
from rest_framework import serializers, status
from rest_framework.exceptions import NotFound, PermissionDenied
from rest_framework.request import Request
from rest_framework.response import Response
from rest_framework.views import APIView

from steward.live import services
from steward.live.access import Caller, apps_watchable, can_control, can_watch
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
    app = serializers.CharField(max_length=64)
    title = serializers.CharField(max_length=200, allow_blank=True, required=False, default="")


class SteerSerializer(serializers.Serializer[Any]):
    text = serializers.CharField(max_length=4000)
    run = serializers.CharField(max_length=40, required=False, allow_null=True, default=None)


class StopSerializer(serializers.Serializer[Any]):
    run = serializers.CharField(max_length=40, required=False, allow_null=True, default=None)


def caller_of(request: Request) -> Caller | None:
    return Caller.of(request.user, request.auth)


class SessionListView(APIView):
    """GET: the sessions of the apps you may see. POST {"app", "title"}: open a session."""

    @extend_schema(responses=SessionSerializer(many=True))
    def get(self, request: Request) -> Response:
        apps = apps_watchable(caller_of(request))
        sessions = Session.objects.filter(app__in=apps).select_related("created_by")[:200]
        return Response(SessionSerializer(sessions, many=True).data)

    @extend_schema(request=NewSessionSerializer, responses={201: SessionSerializer})
    def post(self, request: Request) -> Response:
        body = NewSessionSerializer(data=request.data)
        body.is_valid(raise_exception=True)
        app = body.validated_data["app"]
        caller = caller_of(request)
        if not can_control(caller, app):
            raise PermissionDenied(
                f"Opening a session of {app!r} needs the operator role on its team "
                "(or a writable token of that app)."
            )
        assert caller is not None
        session = services.create_session(
            app=app, title=body.validated_data["title"], created_by=caller.user
        )
        return Response(SessionSerializer(session).data, status=status.HTTP_201_CREATED)


def _controllable(request: Request, session_id: str) -> tuple[Session, Caller]:
    session = get_object_or_404(Session, pk=session_id)
    caller = caller_of(request)
    if not can_watch(caller, session.app):
        raise NotFound(f"No session {session_id!r}.")
    if not can_control(caller, session.app):
        raise PermissionDenied(
            f"Viewers may watch but not control: stopping or steering needs the operator role "
            f"on the {session.app} team."
        )
    assert caller is not None
    return session, caller


class StopView(APIView):
    """POST {"run"?}: stop the session's run; the event names who stopped it."""

    @extend_schema(request=StopSerializer, responses={202: OpenApiTypes.OBJECT})
    def post(self, request: Request, session_id: str) -> Response:
        session, caller = _controllable(request, session_id)
        body = StopSerializer(data=request.data)
        body.is_valid(raise_exception=True)
        event = services.stop(
            session_id=session.id, by=caller.label, run=body.validated_data["run"]
        )
        return Response(event.to_dict(), status=status.HTTP_202_ACCEPTED)


class SteerView(APIView):
    """POST {"text", "run"?}: an extra instruction for the running run."""

    @extend_schema(request=SteerSerializer, responses={202: OpenApiTypes.OBJECT})
    def post(self, request: Request, session_id: str) -> Response:
        session, caller = _controllable(request, session_id)
        body = SteerSerializer(data=request.data)
        body.is_valid(raise_exception=True)
        event = services.steer(
            session_id=session.id,
            text=body.validated_data["text"],
            by=caller.label,
            run=body.validated_data["run"],
        )
        return Response(event.to_dict(), status=status.HTTP_202_ACCEPTED)
