"""The platform's own pages: the dashboard, the data-model review, opening a session."""

from __future__ import annotations

from django.contrib.auth.decorators import login_required
from django.core.exceptions import PermissionDenied
from django.http import Http404, HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.views.decorators.http import require_POST

from steward.access.roles import Role
from steward.access.teams import apps_visible_to
from steward.hosting.exceptions import UnknownApp
from steward.hosting.modelreview import review
from steward.hosting.registry import hosted_apps
from steward.live.services import create_session
from steward.pages.decorators import require_app_role


@login_required
def dashboard(request: HttpRequest) -> HttpResponse:
    visible = apps_visible_to(request.user)
    if not visible and not request.user.is_staff:
        raise PermissionDenied("You are not on any app's team yet. Ask an admin to add you.")
    apps = [app for app in hosted_apps if app.name in visible]
    cards = [{"app": app, "counts": app.record_counts()} for app in apps]
    return render(request, "pages/dashboard.html", {"cards": cards})


@login_required
def model_review(request: HttpRequest, app: str) -> HttpResponse:
    """The data-model review of one app, for staff (the same as ``manage.py reviewmodel``)."""
    if not request.user.is_staff:
        raise PermissionDenied("Only staff may review data models.")
    try:
        result = review(app)
    except UnknownApp as exc:
        raise Http404(str(exc)) from None
    return render(request, "pages/model_review.html", {"review": result})


@login_required
@require_POST
def new_session(request: HttpRequest, app: str) -> HttpResponse:
    """Open a durable session with an agent for this app, then follow it on the session page."""
    try:
        hosted = hosted_apps.get(app)
    except UnknownApp as exc:
        raise Http404(str(exc)) from None
    require_app_role(request, app, Role.OPERATOR)
    title = request.POST.get("title", "").strip() or f"{hosted.title} with an agent"
    session = create_session(app=app, title=title, created_by=request.user)
    return redirect("live-session", session_id=session.id)


@login_required
def app_index(request: HttpRequest, app: str) -> HttpResponse:
    """The page of a hosted app that has no pages of its own (no urls.py): what it holds."""
    require_app_role(request, app)
    hosted = hosted_apps.get(app)
    return render(
        request, "pages/app_index.html", {"hosted": hosted, "counts": hosted.record_counts()}
    )
