"""The activity chart: articles per month as an accessible SVG drawn at build time."""

from __future__ import annotations

import datetime as dt
from collections import Counter
from collections.abc import Iterable

from markupsafe import Markup

from .dates import month_year, short_month_year
from .escape import html

WIDTH, HEIGHT, BASE = 640, 160, 130


def month_counts(dates: Iterable[dt.date]) -> list[tuple[dt.date, int]]:
    """(first day of month, count) for every month from the first to the last, gaps as 0."""
    counts = Counter(d.replace(day=1) for d in dates)
    if not counts:
        return []
    month, last = min(counts), max(counts)
    out = []
    while month <= last:
        out.append((month, counts.get(month, 0)))
        month = (month + dt.timedelta(days=32)).replace(day=1)
    return out


def activity_svg(name: str, chart_id: str, dates: Iterable[dt.date]) -> Markup:
    """An SVG bar chart with <title>, <desc> and a per-bar tooltip; no script, no network."""
    months = month_counts(dates)
    if not months:
        return Markup("")
    peak = max(n for _, n in months)
    step = WIDTH / len(months)
    bars = "".join(_bar(i, step, month, n, peak) for i, (month, n) in enumerate(months))
    first, last = months[0][0], months[-1][0]
    busiest = max(months, key=lambda m: (m[1], m[0]))[0]
    total = sum(n for _, n in months)
    desc = (f"{total} article{'s' * (total != 1)} from {month_year(first)} to {month_year(last)}; "
            f"busiest month {month_year(busiest)} with {peak}.")
    return Markup(
        f'<svg class="briefing-chart" viewBox="0 0 {WIDTH} {HEIGHT}" role="img" '
        f'aria-labelledby="{chart_id}-title {chart_id}-desc" preserveAspectRatio="none">'
        f'<title id="{chart_id}-title">{html(name)}: articles per month</title>'
        f'<desc id="{chart_id}-desc">{html(desc)}</desc>'
        f'<line x1="0" y1="{BASE}" x2="{WIDTH}" y2="{BASE}" class="axis"/>{bars}'
        f'<text x="0" y="{HEIGHT - 8}" class="label">{short_month_year(first)}</text>'
        f'<text x="{WIDTH}" y="{HEIGHT - 8}" class="label" text-anchor="end">{short_month_year(last)}</text>'
        f"</svg>"
    )


def _bar(index: int, step: float, month: dt.date, count: int, peak: int) -> str:
    height = 0 if not count else max(2.0, (BASE - 10) * count / peak)
    gap = min(2.0, step * 0.2)
    return (f'<rect x="{index * step + gap / 2:.1f}" y="{BASE - height:.1f}" '
            f'width="{step - gap:.1f}" height="{height:.1f}">'
            f"<title>{month_year(month)}: {count}</title></rect>")
