"""What an evaluation period is: a year (2026), a half (2026-H1) or a quarter (2026-Q3)."""

from __future__ import annotations

from datetime import date, timedelta

PERIOD_PATTERN = r"^\d{4}(-Q[1-4]|-H[12])?$"


def period_bounds(period: str) -> tuple[date, date]:
    """The first and last day of an evaluation period: 2026, 2026-H1 or 2026-Q3."""
    year = int(period[:4])
    if len(period) == 4:
        return date(year, 1, 1), date(year, 12, 31)
    part, n = period[5], int(period[6])
    first_month = (n - 1) * (3 if part == "Q" else 6) + 1
    months = 3 if part == "Q" else 6
    start = date(year, first_month, 1)
    end_month = first_month + months
    end = (date(year + 1, 1, 1) if end_month > 12 else date(year, end_month, 1)) - timedelta(days=1)
    return start, end


def quarter_of(day: date) -> str:
    return f"{day.year}-Q{(day.month - 1) // 3 + 1}"


def recent_periods(today: date | None = None) -> list[str]:
    """Evaluation periods a leader is likely to score: recent quarters, halves and years, newest first."""
    today = today or date.today()
    periods = []
    for year in (today.year, today.year - 1):
        for p in (f"{year}-Q4", f"{year}-Q3", f"{year}-H2", f"{year}-Q2", f"{year}-Q1", f"{year}-H1", f"{year}"):
            if period_bounds(p)[0] <= today:
                periods.append(p)
    return periods
