"""The editorial calendar: pieces on a month grid by due date, plus the unscheduled ones."""

from __future__ import annotations

from typing import Any

from django.http import HttpRequest, HttpResponse
from django.shortcuts import render
from django.utils import timezone

from apps.editorial.calendar import month_weeks, parse_month, shift_month
from apps.editorial.models import Channel, Piece, Status
from steward.pages.decorators import app_page

WEEKDAYS = ["Mon", "Tue", "Wed", "Thu", "Fri", "Sat", "Sun"]


def calendar_context(request: HttpRequest) -> dict[str, Any]:
    today = timezone.localdate()
    first = parse_month(request.GET.get("month"), today)
    return {
        "month": first,
        "month_param": first.strftime("%Y-%m"),
        "prev_month": shift_month(first, -1).strftime("%Y-%m"),
        "next_month": shift_month(first, 1).strftime("%Y-%m"),
        "weeks": month_weeks(first, today),
        "weekdays": WEEKDAYS,
        "status_choices": Status.choices,
    }


def unscheduled_context() -> dict[str, Any]:
    return {
        "unscheduled": Piece.objects.filter(due__isnull=True).select_related("assignee"),
        "status_choices": Status.choices,
    }


@app_page("editorial")
def index(request: HttpRequest) -> HttpResponse:
    context = calendar_context(request) | unscheduled_context()
    context["channel_choices"] = Channel.choices
    return render(request, "editorial/index.html", context)


@app_page("editorial")
def month(request: HttpRequest) -> HttpResponse:
    return render(request, "editorial/_calendar.html", calendar_context(request))


@app_page("editorial")
def unscheduled(request: HttpRequest) -> HttpResponse:
    return render(request, "editorial/_unscheduled.html", unscheduled_context())
