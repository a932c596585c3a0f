"""Date formatting that does not depend on the process locale (output must be reproducible)."""

from __future__ import annotations

import calendar
import datetime as dt

MONTHS = ("January", "February", "March", "April", "May", "June", "July", "August",
          "September", "October", "November", "December")


def month_name(day: dt.date) -> str:
    """'September'."""
    return MONTHS[day.month - 1]


def month_year(day: dt.date) -> str:
    """'September 2023'."""
    return f"{month_name(day)} {day.year}"


def short_month_year(day: dt.date) -> str:
    """'Sep 2023'."""
    return f"{month_name(day)[:3]} {day.year}"


def long_date(day: dt.date) -> str:
    """'12 September 2023'."""
    return f"{day.day} {month_name(day)} {day.year}"


def short_date(day: dt.date) -> str:
    """'12 Sep'."""
    return f"{day.day} {month_name(day)[:3]}"


def atom_time(day: dt.date) -> str:
    """RFC 3339 timestamp at midnight UTC, as Atom wants."""
    return f"{day.isoformat()}T00:00:00Z"


def medium_date(day: dt.date) -> str:
    """'12 Sep 2023'."""
    return f"{day.day} {month_name(day)[:3]} {day.year}"


def time_tag(day: dt.date, *, long: bool = True, medium: bool = False) -> str:
    """'<time datetime="2023-09-12">12 September 2023</time>' (or '12 Sep 2023', '12 Sep'): for readers and machines."""
    text = medium_date(day) if medium else long_date(day) if long else short_date(day)
    return f'<time datetime="{day.isoformat()}">{text}</time>'


def why_not_a_day(text: str) -> str:
    """Why a `YYYY-MM-DD` text names no day: 'February 2025 has 28 days'; '' when it is a day or no such text."""
    parts = text.strip().split("-")
    if len(parts) != 3 or not all(p.isdigit() for p in parts):
        return ""
    year, month, day = (int(p) for p in parts)
    if not 1 <= month <= 12:
        return f"there is no month {month}"
    if day < 1:
        return "days start at 1"
    length = calendar.monthrange(year, month)[1] if dt.MINYEAR <= year <= dt.MAXYEAR else 31
    return f"{MONTHS[month - 1]} {year} has {length} days" if day > length else ""
