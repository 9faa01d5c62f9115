"""Every page writes money and dates one way (steward.pages.values)."""

from __future__ import annotations

import datetime as dt
from decimal import Decimal

from steward.pages.values import day, money


def test_money_reads_as_whole_dollars_with_thousands_and_keeps_real_cents() -> None:
    assert money("15000.00") == "$15,000"
    assert money(Decimal("1234567.5")) == "$1,234,567.50"
    assert money(0) == "$0"


def test_a_date_reads_day_month_year_and_a_moment_adds_the_sites_local_time(settings) -> None:
    settings.TIME_ZONE = "Europe/Berlin"
    moment = dt.datetime(2026, 12, 2, 14, 5, tzinfo=dt.UTC)

    assert day(dt.date(2027, 2, 24)) == "24 Feb 2027"
    assert day(moment) == "2 Dec 2026, 15:05"
