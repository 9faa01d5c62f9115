"""The idea board: a kanban of ideas by column; archived ideas stay hidden unless asked for."""

from __future__ import annotations

from typing import Any

from django.db.models import Q
from django.http import HttpRequest, HttpResponse
from django.shortcuts import render

from apps.ideaboard.models import Column, Idea
from steward.pages.decorators import app_page


def board_context(request: HttpRequest) -> dict[str, Any]:
    """The board as the filters ask: ``q`` (text in title or pitch), ``column``, ``archived``."""
    q = request.GET.get("q", "").strip()[:200]
    only = request.GET.get("column", "")
    archived = request.GET.get("archived") == "1"
    ideas = Idea.objects.filter(archived=archived)
    if q:
        ideas = ideas.filter(Q(title__icontains=q) | Q(pitch__icontains=q))
    found = list(ideas)
    columns = [
        {"value": value, "label": label, "ideas": [i for i in found if i.column == value]}
        for value, label in Column.choices
        if not only or only == value
    ]
    return {
        "columns": columns,
        "column_choices": Column.choices,
        "score_range": range(11),
        "filters": {"q": q, "column": only, "archived": archived},
        "filtered": bool(q or only or archived),
        "shown": len(found),
    }


@app_page("ideaboard")
def index(request: HttpRequest) -> HttpResponse:
    return render(request, "ideaboard/index.html", board_context(request))


@app_page("ideaboard")
def board(request: HttpRequest) -> HttpResponse:
    """The board region alone, re-fetched by htmx whenever the app's data changes."""
    return render(request, "ideaboard/_board.html", board_context(request))
