"""REST edge of a session's runs: say something (which starts a run), stop, steer, read runs."""

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

from steward.access.actors import Actor, actor_of
from steward.access.authorization import may
from steward.actions.edges import boolean_param
from steward.actions.fields import StrictCharField
from steward.actions.openapi import FORCE, REVERT_CONFLICT
from steward.agents import services
from steward.agents.exceptions import CannotStartRun
from steward.agents.models import Run
from steward.agents.reverts import revert_run
from steward.jsonlimits import JSONParser
from steward.live.models import Session


class MessageSerializer(serializers.Serializer[Any]):
    text = StrictCharField(max_length=8000)


class SteerSerializer(serializers.Serializer[Any]):
    text = StrictCharField(max_length=4000)
    run = StrictCharField(max_length=40, required=False, allow_null=True, default=None)


class StopSerializer(serializers.Serializer[Any]):
    run = StrictCharField(max_length=40, required=False, allow_null=True, default=None)


def controllable(request: Request, session_id: str, doing: str) -> tuple[Session, Actor]:
    """The session and its caller, who must be allowed to control it (404 if they may not
    even watch it: a session's existence is not told to strangers)."""
    session = get_object_or_404(Session, pk=session_id)
    actor = actor_of(request)
    if not may(actor, "watch", session.app):
        raise NotFound(f"No session {session_id!r}.")
    if not may(actor, "control", session.app):
        raise PermissionDenied(
            f"Viewers may watch but not control: {doing} needs the operator role on the "
            f"{session.app} team (or a writable token of the app)."
        )
    assert actor is not None
    return session, actor


class RunSerializer(serializers.ModelSerializer[Run]):
    class Meta:
        model = Run
        fields = [
            "id",
            "session_id",
            "app",
            "agent",
            "parent",
            "started_by",
            "state",
            "model",
            "steps",
            "prompt_tokens",
            "completion_tokens",
            "output",
            "error",
            "timings",
            "created",
            "started",
            "finished",
        ]


class MessageReplySerializer(serializers.Serializer[Any]):
    event = serializers.DictField(help_text="The session.message event, with its seq.")
    run = RunSerializer(allow_null=True, help_text="The run answering it (queued if busy).")


class MessagesView(APIView):
    """POST {"text"}: say something in the session; an agent run answers it.

    Needs the operator role on the app's team, or a writable token of the app. A message
    sent while a run is active is queued as the next turn (``run.state`` is ``queued``).
    """

    parser_classes = [JSONParser]  # with the nesting limit (steward.jsonlimits)

    @extend_schema(request=MessageSerializer, responses={202: MessageReplySerializer})
    def post(self, request: Request, session_id: str) -> Response:
        session, actor = controllable(request, session_id, "saying something (it starts a run)")
        body = MessageSerializer(data=request.data)
        body.is_valid(raise_exception=True)
        try:
            said = services.say(
                session_id=session.id, text=body.validated_data["text"], actor=actor
            )
        except CannotStartRun as exc:
            raise PermissionDenied(str(exc)) from None
        return Response(
            {"event": said.event.to_dict(), "run": RunSerializer(said.run).data},
            status=status.HTTP_202_ACCEPTED,
        )


class StopView(APIView):
    """POST {"run"?}: stop the session's run; the event names who stopped it."""

    @extend_schema(request=StopSerializer, responses={202: OpenApiTypes.OBJECT})
    def post(self, request: Request, session_id: str) -> Response:
        session, actor = controllable(request, session_id, "stopping a run")
        body = StopSerializer(data=request.data)
        body.is_valid(raise_exception=True)
        event = services.stop(session_id=session.id, by=actor.label, run=body.validated_data["run"])
        return Response(event.to_dict(), status=status.HTTP_202_ACCEPTED)


class SteerView(APIView):
    """POST {"text", "run"?}: an extra instruction for the running run."""

    @extend_schema(request=SteerSerializer, responses={202: OpenApiTypes.OBJECT})
    def post(self, request: Request, session_id: str) -> Response:
        session, actor = controllable(request, session_id, "steering a run")
        body = SteerSerializer(data=request.data)
        body.is_valid(raise_exception=True)
        event = services.steer(
            session_id=session.id,
            text=body.validated_data["text"],
            by=actor.label,
            run=body.validated_data["run"],
        )
        return Response(event.to_dict(), status=status.HTTP_202_ACCEPTED)


class RunView(APIView):
    """GET: one run (state, usage, timings, output so far)."""

    @extend_schema(responses=RunSerializer)
    def get(self, request: Request, run_id: str) -> Response:
        run = get_object_or_404(Run, pk=run_id)
        if not may(actor_of(request), "watch", run.app):
            raise NotFound(f"No run {run_id!r}.")
        return Response(RunSerializer(run).data)


class RevertRunView(APIView):
    """POST (``?force=1`` for admins): undo what the run's calls changed, newest first."""

    @extend_schema(
        request=None, parameters=[FORCE], responses={200: OpenApiTypes.OBJECT, 409: REVERT_CONFLICT}
    )
    def post(self, request: Request, run_id: str) -> Response:
        run = get_object_or_404(Run, pk=run_id)
        actor = actor_of(request)
        if not may(actor, "watch", run.app):
            raise NotFound(f"No run {run_id!r}.")
        assert actor is not None
        force = boolean_param(request.query_params.get("force"), name="force")
        entry = revert_run(run_id=run.id, actor=actor, force=force)
        return Response(
            {"status": "reverted", "run": run.id, "audit_id": entry.pk, "changes": entry.changes}
        )


class SessionRunsView(APIView):
    """GET: the session's runs, oldest first (sub-agents included, with their parent)."""

    @extend_schema(responses=RunSerializer(many=True))
    def get(self, request: Request, session_id: str) -> Response:
        session = get_object_or_404(Session, pk=session_id)
        if not may(actor_of(request), "watch", session.app):
            raise NotFound(f"No session {session_id!r}.")
        runs = Run.objects.filter(session_id=session.id).order_by("created")[:500]
        return Response(RunSerializer(runs, many=True).data)
