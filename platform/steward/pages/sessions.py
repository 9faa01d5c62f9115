"""The session page: the transcript, live, with Stop and a steer / say box."""

from __future__ import annotations

from django.contrib.auth.decorators import login_required
from django.http import Http404, HttpRequest, HttpResponse
from django.shortcuts import render

from steward.access.actors import Actor
from steward.access.authorization import may
from steward.live.models import Session


@login_required
def session_page(request: HttpRequest, session_id: str) -> HttpResponse:
    session = Session.objects.filter(pk=session_id).first()
    actor = Actor.of(request.user)
    if session is None or not may(actor, "watch", session.app):
        raise Http404("No such session.")
    return render(
        request,
        "pages/session.html",
        {"session": session, "can_control": may(actor, "control", session.app)},
    )
