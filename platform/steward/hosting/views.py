from __future__ import annotations

from django.contrib.auth.decorators import login_required
from django.core.exceptions import PermissionDenied
from django.http import Http404, HttpRequest, HttpResponse
from django.shortcuts import render

from steward.access.teams import apps_visible_to, is_team_member
from steward.hosting.exceptions import UnknownApp
from steward.hosting.modelreview import review
from steward.hosting.registry import hosted_apps


@login_required
def dashboard(request: HttpRequest) -> HttpResponse:
    if not is_team_member(request.user):
        raise PermissionDenied("You are not on any app's team yet. Ask an admin to add you.")
    visible = apps_visible_to(request.user)
    apps = [app for app in hosted_apps if app.name in visible]
    cards = [{"app": app, "counts": app.record_counts()} for app in apps]
    return render(request, "hosting/dashboard.html", {"cards": cards})


@login_required
def model_review(request: HttpRequest, app: str) -> HttpResponse:
    """The data-model review of one app, for staff (the same as ``manage.py reviewmodel``)."""
    if not request.user.is_staff:
        raise PermissionDenied("Only staff may review data models.")
    try:
        result = review(app)
    except UnknownApp as exc:
        raise Http404(str(exc)) from None
    return render(request, "hosting/model_review.html", {"review": result})
