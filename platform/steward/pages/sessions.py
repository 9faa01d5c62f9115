"""The session page: the transcript, live, with Stop and a steer / say box."""

from __future__ import annotations

from django.contrib.auth.decorators import login_required
from django.http import Http404, HttpRequest, HttpResponse
from django.shortcuts import render

from steward.access.actors import Actor
from steward.access.authorization import may
from steward.access.roles import Role
from steward.access.teams import has_role
from steward.agents.panel import session_json
from steward.hosting.registry import hosted_apps
from steward.live.models import Session


@login_required
def session_page(request: HttpRequest, session_id: str) -> HttpResponse:
    session = Session.objects.filter(pk=session_id).first()
    actor = Actor.of(request.user)
    if session is None or not may(actor, "watch", session.app):
        raise Http404("No such session.")
    hosted = hosted_apps.get(session.app) if session.app in hosted_apps else None
    can_control = may(actor, "control", session.app)
    config = {
        **session_json(session),
        "app": session.app,
        "appTitle": hosted.title if hosted else session.app,
        "me": f"user:{request.user.get_username()}",
        "canControl": can_control,
        "canDecide": has_role(request.user, session.app, Role.ADMIN),
        "decide": "/approvals/{id}/decide",
        "presence": f"/api/sessions/{session.id}/presence",
    }
    context = {"session": session, "hosted": hosted, "can_control": can_control, "config": config}
    return render(request, "pages/session.html", context)
