"""REST edge of agent runs: say something in a session (which starts a run), read runs."""

from __future__ import annotations

from typing import Any

from django.shortcuts import get_object_or_404
from drf_spectacular.utils import extend_schema
from rest_framework import serializers, status
from rest_framework.exceptions import NotFound, PermissionDenied
from rest_framework.request import Request
from rest_framework.response import Response
from rest_framework.views import APIView

from steward.agents.models import Run
from steward.agents.receivers import collecting_runs
from steward.jsonlimits import JSONParser
from steward.live import services as live
from steward.live.access import Caller, can_control, can_watch
from steward.live.models import Session


class MessageSerializer(serializers.Serializer[Any]):
    text = serializers.CharField(max_length=8000)


class RunSerializer(serializers.ModelSerializer[Run]):
    class Meta:
        model = Run
        fields = [
            "id",
            "session_id",
            "app",
            "agent",
            "parent",
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
        session = get_object_or_404(Session, pk=session_id)
        caller = Caller.of(request.user, request.auth)
        if not can_watch(caller, session.app):
            raise NotFound(f"No session {session_id!r}.")
        if not can_control(caller, session.app):
            raise PermissionDenied(
                f"Saying something starts an agent run, which needs the operator role on the "
                f"{session.app} team (or a writable token of the app). Viewers may watch."
            )
        assert caller is not None
        body = MessageSerializer(data=request.data)
        body.is_valid(raise_exception=True)
        with collecting_runs() as started:
            event = live.say(
                session_id=session.id,
                text=body.validated_data["text"],
                by=caller.label,
                actor=caller.actor(),
            )
        run = started[0] if started else None
        return Response(
            {"event": event.to_dict(), "run": RunSerializer(run).data if run else None},
            status=status.HTTP_202_ACCEPTED,
        )


class RunView(APIView):
    """GET: one run (state, usage, timings, output so far)."""

    @extend_schema(responses=RunSerializer)
    def get(self, request: Request, run_id: str) -> Response:
        run = get_object_or_404(Run, pk=run_id)
        if not can_watch(Caller.of(request.user, request.auth), run.app):
            raise NotFound(f"No run {run_id!r}.")
        return Response(RunSerializer(run).data)


class SessionRunsView(APIView):
    """GET: the session's runs, oldest first (sub-agents included, with their parent)."""

    @extend_schema(responses=RunSerializer(many=True))
    def get(self, request: Request, session_id: str) -> Response:
        session = get_object_or_404(Session, pk=session_id)
        if not can_watch(Caller.of(request.user, request.auth), session.app):
            raise NotFound(f"No session {session_id!r}.")
        runs = Run.objects.filter(session_id=session.id).order_by("created")[:500]
        return Response(RunSerializer(runs, many=True).data)
