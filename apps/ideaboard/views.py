"""The idea board: a kanban of ideas by column; archived ideas stay hidden."""

from __future__ import annotations

from typing import Any

from django.http import HttpRequest, HttpResponse
from django.shortcuts import render

from apps.ideaboard.models import Column, Idea
from steward.pages.decorators import app_page


def board_context() -> dict[str, Any]:
    ideas = list(Idea.objects.filter(archived=False))
    columns = [
        {"value": value, "label": label, "ideas": [i for i in ideas if i.column == value]}
        for value, label in Column.choices
    ]
    return {"columns": columns, "column_choices": Column.choices, "score_range": range(11)}


@app_page("ideaboard")
def index(request: HttpRequest) -> HttpResponse:
    return render(request, "ideaboard/index.html", board_context())


@app_page("ideaboard")
def board(request: HttpRequest) -> HttpResponse:
    """The board region alone, re-fetched by htmx whenever the app's data changes."""
    return render(request, "ideaboard/_board.html", board_context())
