"""A month grid of content pieces by due date, for the editorial calendar page."""

from __future__ import annotations

import calendar
import datetime as dt
from dataclasses import dataclass, field

from django.db.models import QuerySet

from apps.editorial.models import Piece


@dataclass
class Day:
    date: dt.date
    in_month: bool
    today: bool
    pieces: list[Piece] = field(default_factory=list)


def parse_month(raw: str | None, today: dt.date) -> dt.date:
    """The first day of the month named ``YYYY-MM``; the current month when absent or invalid."""
    try:
        year, month = (int(part) for part in (raw or "").split("-"))
        return dt.date(year, month, 1)
    except ValueError:
        return today.replace(day=1)


def shift_month(first: dt.date, months: int) -> dt.date:
    index = first.year * 12 + first.month - 1 + months
    return dt.date(index // 12, index % 12 + 1, 1)


def month_weeks(
    first: dt.date, today: dt.date, pieces: QuerySet[Piece] | None = None
) -> list[list[Day]]:
    """Weeks (Monday first) covering the month of ``first``, each day with its pieces (of
    ``pieces`` when given: a filtered calendar)."""
    weeks = calendar.Calendar(firstweekday=0).monthdatescalendar(first.year, first.month)
    by_date: dict[dt.date, list[Piece]] = {}
    source = Piece.objects.all() if pieces is None else pieces
    pieces = source.filter(due__range=(weeks[0][0], weeks[-1][-1])).select_related("assignee")
    for piece in pieces:
        if piece.due is not None:
            by_date.setdefault(piece.due, []).append(piece)
    return [
        [Day(d, d.month == first.month, d == today, by_date.get(d, [])) for d in week]
        for week in weeks
    ]
