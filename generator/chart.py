"""The activity chart: articles per month as an accessible SVG drawn at build time."""

from __future__ import annotations

import datetime as dt
from collections import Counter
from collections.abc import Iterable

from markupsafe import Markup

from .dates import month_year, short_month_year
from .escape import html, md

WIDTH, HEIGHT, BASE = 640, 160, 130
#: At most this many bars: a history of centuries must not draw (and write) a bar per month.
MAX_BARS = 120
#: Months per bar, tried in turn: month, year, decade and century bars.
PERIODS = ((1, "month"), (12, "year"), (120, "decade"), (1200, "century"))


def month_counts(dates: Iterable[dt.date]) -> list[tuple[dt.date, int]]:
    """(first day of month, count) for every month from the first to the last, gaps as 0."""
    return _period_counts(Counter(d.year * 12 + d.month - 1 for d in dates), 1)


def _period_counts(months: Counter[int], size: int) -> list[tuple[dt.date, int]]:
    """(first day of each period of `size` months, count) from the first period to the last."""
    counts = Counter({index // size: 0 for index in months})
    for index, n in months.items():
        counts[index // size] += n
    if not counts:
        return []
    periods = range(min(counts), max(counts) + 1)
    return [(dt.date(p * size // 12, p * size % 12 + 1, 1), counts.get(p, 0)) for p in periods]


def bar_counts(dates: Iterable[dt.date]) -> tuple[int, str, list[tuple[dt.date, int]]]:
    """(months per bar, its name, bars) with the shortest period that needs at most MAX_BARS bars."""
    months = Counter(d.year * 12 + d.month - 1 for d in dates)
    for size, unit in PERIODS:
        bars = _period_counts(months, size)
        if len(bars) <= MAX_BARS:
            return size, unit, bars
    return size, unit, bars  # centuries: dates are four-digit years, so at most 20 bars


def period_label(start: dt.date, size: int, *, short: bool = False) -> str:
    """'September 2023' (or 'Sep 2023'), '2023', or '1990–1999' for a decade or a century."""
    if size == 1:
        return short_month_year(start) if short else month_year(start)
    if size == 12:
        return str(start.year)
    return f"{start.year}–{start.year + size // 12 - 1}"


def activity_svg(name: str, chart_id: str, dates: Iterable[dt.date]) -> Markup:
    """An SVG bar chart with <title>, <desc> and a per-bar tooltip; no script, no network."""
    dates = list(dates)
    size, unit, bars = bar_counts(dates)
    if not bars:
        return Markup("")
    peak = max(n for _, n in bars)
    step = WIDTH / len(bars)
    drawn = "".join(_bar(i, step, period_label(start, size), n, peak) for i, (start, n) in enumerate(bars))
    busiest = max(bars, key=lambda m: (m[1], m[0]))[0]
    total = len(dates)
    desc = (f"{total} article{'s' * (total != 1)} from {month_year(min(dates))} to {month_year(max(dates))}; "
            f"busiest {unit} {period_label(busiest, size)} with {peak}.")
    # The chart sits in a `markdown` block, so a name must not read as Markdown either: md(), not html().
    return Markup(
        f'<svg class="briefing-chart" viewBox="0 0 {WIDTH} {HEIGHT}" role="img" '
        f'aria-labelledby="{chart_id}-title {chart_id}-desc" preserveAspectRatio="none">'
        f'<title id="{chart_id}-title">{md(name)}: articles per {unit}</title>'
        f'<desc id="{chart_id}-desc">{html(desc)}</desc>'
        f'<line x1="0" y1="{BASE}" x2="{WIDTH}" y2="{BASE}" class="axis"/>{drawn}'
        f'<text x="0" y="{HEIGHT - 8}" class="label">{period_label(bars[0][0], size, short=True)}</text>'
        f'<text x="{WIDTH}" y="{HEIGHT - 8}" class="label" text-anchor="end">'
        f"{period_label(bars[-1][0], size, short=True)}</text>"
        f"</svg>"
    )


def _bar(index: int, step: float, label: str, count: int, peak: int) -> str:
    height = 0 if not count else max(2.0, (BASE - 10) * count / peak)
    gap = min(2.0, step * 0.2)
    return (f'<rect x="{index * step + gap / 2:.1f}" y="{BASE - height:.1f}" '
            f'width="{step - gap:.1f}" height="{height:.1f}">'
            f"<title>{label}: {count}</title></rect>")
