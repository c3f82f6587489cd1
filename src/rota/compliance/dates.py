"""Calendar arithmetic HR uses: 'every 3 years' means the same day three years on, not 1,095 days."""

from __future__ import annotations

import calendar
from datetime import date, timedelta
from functools import lru_cache


@lru_cache(maxsize=65536)
def add_months(day: date, months: int) -> date:
    """The same day `months` later (or earlier); 31 Jan + 1 month is 28/29 Feb, as HR systems do.

    Cached: a provider's records share a few thousand distinct dates, and due dates are computed for
    every record on every report.
    """
    total = day.year * 12 + (day.month - 1) + months
    year, month = divmod(total, 12)
    month += 1
    return date(year, month, min(day.day, calendar.monthrange(year, month)[1]))


def month_end(year: int, month: int) -> date:
    return date(year, month, calendar.monthrange(year, month)[1])


def parse_month(text: str) -> date:
    """'2026-10' -> the last day of October 2026 (the close of the reporting month)."""
    try:
        year_text, month_text = text.strip().split("-")
        year, month = int(year_text), int(month_text)
        return month_end(year, month)
    except ValueError:
        raise ValueError(f"'{text}' is not a month: write it as YYYY-MM, e.g. 2026-10") from None


def month_ends(last: date, count: int) -> list[date]:
    """The last days of the `count` months ending with the month containing `last`, oldest first."""
    ends = []
    for back in range(count - 1, -1, -1):
        first = add_months(last.replace(day=1), -back)
        ends.append(month_end(first.year, first.month))
    return ends


def rolling_year_start(end: date) -> date:
    """First day of the 12-month window that closes on `end` (1 Nov 2025 for 31 Oct 2026)."""
    return add_months(end, -12) + timedelta(days=1)
