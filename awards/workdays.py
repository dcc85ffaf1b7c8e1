"""Working-day arithmetic for time limits ("20 ngày làm việc"): Saturdays,
Sundays and the holidays entered as data (:class:`awards.models.Holiday`) do
not count."""

from __future__ import annotations

import datetime as dt
from collections.abc import Iterable

from .models import Holiday


def holidays_between(start: dt.date, end: dt.date) -> set[dt.date]:
    return set(
        Holiday.objects.filter(date__gte=start, date__lte=end).values_list("date", flat=True)
    )


def is_working_day(day: dt.date, holidays: Iterable[dt.date]) -> bool:
    return day.weekday() < 5 and day not in holidays


def add_working_days(start: dt.date, days: int) -> dt.date:
    """The ``days``-th working day after ``start`` (the day of receipt not counted)."""
    # 3× the span is more than enough for weekends plus Tết.
    holidays = holidays_between(start, start + dt.timedelta(days=days * 3 + 30))
    day, left = start, days
    while left > 0:
        day += dt.timedelta(days=1)
        if is_working_day(day, holidays):
            left -= 1
    return day


def working_days_left(today: dt.date, due: dt.date) -> int:
    """Working days from ``today`` (exclusive) to ``due`` (inclusive); negative when overdue."""
    if due == today:
        return 0
    start, end, sign = (today, due, 1) if due > today else (due, today, -1)
    holidays = holidays_between(start, end)
    count, day = 0, start
    while day < end:
        day += dt.timedelta(days=1)
        if is_working_day(day, holidays):
            count += 1
    return sign * count
