"""The agent panel docked on every hosted app page, and the session lists.

The panel itself is rendered by ``{% agent_panel %}`` (templatetags/panel.py) from
``panel_context``; its script (static/steward/agent-panel.js) follows the session over
the durable-session WebSocket. The views here are thin edges: open a session (on the first
message, or "New session"), and list a person's sessions for one app or across apps.
"""

from __future__ import annotations

import json
from typing import Any

from django.contrib.auth.decorators import login_required
from django.core.exceptions import PermissionDenied
from django.http import Http404, HttpRequest, HttpResponse, JsonResponse
from django.shortcuts import render
from django.views.decorators.http import require_POST

from steward.access.roles import Role
from steward.access.teams import apps_visible_to, has_role
from steward.agents.sessions_query import is_active, sessions_of
from steward.live.models import Session

RECENT = 8
TITLE_LENGTH = 80


def session_json(session: Session) -> dict[str, Any]:
    """What the panel's script needs to follow a session."""
    return {
        "id": session.id,
        "title": session.title or "Untitled session",
        "socket": f"/ws/sessions/{session.id}/",
        "page": f"/sessions/{session.id}/",
        "runs": f"/api/sessions/{session.id}/runs",
    }


def panel_context(user: Any, app: str, app_title: str, *, chosen: str = "") -> dict[str, Any]:
    """The panel's data for ``user`` on ``app``'s page (who may do what, which session).

    The session shown is ``chosen`` (``?session=`` on the page, from a session list) when
    it is one of theirs, else their session of the app with the latest activity."""
    from steward.actions.registry import actions
    from steward.agents.demo_model import HELP, example_commands
    from steward.agents.model_client import is_configured

    recent = list(sessions_of(user, app=app)[:RECENT])
    current = recent[0] if recent else None
    if chosen and (current is None or chosen != current.id):
        current = sessions_of(user, app=app).filter(pk=chosen).first() or current
    can_control, can_decide = has_role(user, app, Role.OPERATOR), has_role(user, app, Role.ADMIN)
    return {
        "app": app,
        "app_title": app_title,
        "session": current,
        "recent": [{"session": s, "json": json.dumps(session_json(s))} for s in recent],
        "demo_commands": (
            [] if is_configured() else example_commands(s.name for s in actions.for_app(app))
        ),
        "can_control": can_control,
        "can_decide": can_decide,
        "config": {
            "app": app,
            "appTitle": app_title,
            "me": f"user:{user.get_username()}",
            "session": session_json(current) if current else None,
            "sessionEmpty": current is None or not getattr(current, "run_count", 0),
            "canControl": can_control,
            "canDecide": can_decide,
            "start": f"/apps/{app}/agent/sessions/",
            "decide": "/approvals/{id}/decide",
            "demoIntro": "" if is_configured() else HELP,
            "team": team_roles(app),
        },
    }


def team_roles(app: str) -> dict[str, str]:
    """Presence labels of the app's team → "controls" or "watches" (for the presence line)."""
    from steward.access.models import Membership

    members = Membership.objects.filter(app=app).select_related("user")
    return {
        f"user:{m.user.get_username()}": "watches" if m.role == Role.VIEWER else "controls"
        for m in members[:200]
    }


def _require_app(user: Any, app: str, needed: str) -> None:
    if app not in apps_visible_to(user):
        raise Http404(f"No app called {app!r} is hosted here, or you are not on its team.")
    if not has_role(user, app, needed):
        raise PermissionDenied(
            f"Talking to the agent of {app} needs the {needed} role on its team. "
            "Ask an admin of the app for it; viewers may watch sessions."
        )


@login_required
@require_POST
def start_session(request: HttpRequest, app: str) -> JsonResponse:
    """Open a new session of ``app`` for this person; its title is their first message."""
    from steward.live.services import create_session

    _require_app(request.user, app, Role.OPERATOR)
    title = " ".join(request.POST.get("title", "").split())
    if len(title) > TITLE_LENGTH:
        title = title[: TITLE_LENGTH - 1] + "…"
    session = create_session(app=app, title=title, created_by=request.user)
    return JsonResponse(session_json(session), status=201)


@login_required
def app_sessions(request: HttpRequest, app: str) -> HttpResponse:
    """``/apps/<app>/sessions/``: this person's sessions of one app."""
    _require_app(request.user, app, Role.VIEWER)
    sessions = list(sessions_of(request.user, app=app)[:200])
    return render(
        request,
        "agents/sessions.html",
        {"sessions": sessions, "app": app, "active": _active_ids(sessions), "agent_app": app},
    )


@login_required
def my_sessions(request: HttpRequest) -> HttpResponse:
    """``/sessions/``: this person's sessions across the apps they may open."""
    sessions = list(sessions_of(request.user, apps=apps_visible_to(request.user))[:200])
    return render(
        request, "agents/sessions.html", {"sessions": sessions, "active": _active_ids(sessions)}
    )


def _active_ids(sessions: list[Session]) -> set[str]:
    return {s.id for s in sessions if is_active(getattr(s, "last_state", None))}
