"""The editorial calendar: pieces on a month grid by due date, plus the unscheduled ones."""

from __future__ import annotations

from typing import Any
from urllib.parse import urlencode

from django.db.models import QuerySet
from django.http import HttpRequest, HttpResponse
from django.shortcuts import render
from django.utils import timezone

from apps.editorial.calendar import month_weeks, parse_month, shift_month
from apps.editorial.models import Channel, Piece, Status
from steward.pages.action_forms import team_people
from steward.pages.decorators import app_page

WEEKDAYS = ["Mon", "Tue", "Wed", "Thu", "Fri", "Sat", "Sun"]
NOBODY = "-"  # the assignee filter's value for unassigned pieces


def filtered(request: HttpRequest) -> tuple[QuerySet[Piece], dict[str, str]]:
    """Pieces as the filters ask: ``channel``, ``status``, ``assignee`` (a username, or "-")."""
    filters = {k: request.GET.get(k, "") for k in ("channel", "status", "assignee")}
    pieces = Piece.objects.all()
    if filters["channel"]:
        pieces = pieces.filter(channel=filters["channel"])
    if filters["status"]:
        pieces = pieces.filter(status=filters["status"])
    if filters["assignee"] == NOBODY:
        pieces = pieces.filter(assignee__isnull=True)
    elif filters["assignee"]:
        pieces = pieces.filter(assignee__username=filters["assignee"])
    return pieces, filters


def calendar_context(request: HttpRequest) -> dict[str, Any]:
    today = timezone.localdate()
    first = parse_month(request.GET.get("month"), today)
    pieces, filters = filtered(request)
    return {
        "filter_query": urlencode({k: v for k, v in filters.items() if v}),
        "month": first,
        "month_param": first.strftime("%Y-%m"),
        "prev_month": shift_month(first, -1).strftime("%Y-%m"),
        "next_month": shift_month(first, 1).strftime("%Y-%m"),
        "weeks": month_weeks(first, today, pieces),
        "weekdays": WEEKDAYS,
        "status_choices": Status.choices,
    }


def unscheduled_context(request: HttpRequest) -> dict[str, Any]:
    pieces, _ = filtered(request)
    return {
        "unscheduled": pieces.filter(due__isnull=True).select_related("assignee"),
        "status_choices": Status.choices,
    }


@app_page("editorial")
def index(request: HttpRequest) -> HttpResponse:
    context = calendar_context(request) | unscheduled_context(request)
    _, filters = filtered(request)
    context |= {
        "channel_choices": Channel.choices,
        "filters": filters,
        "assignees": team_people("editorial"),
        "nobody": NOBODY,
    }
    return render(request, "editorial/index.html", context)


@app_page("editorial")
def month(request: HttpRequest) -> HttpResponse:
    return render(request, "editorial/_calendar.html", calendar_context(request))


@app_page("editorial")
def unscheduled(request: HttpRequest) -> HttpResponse:
    return render(request, "editorial/_unscheduled.html", unscheduled_context(request))
