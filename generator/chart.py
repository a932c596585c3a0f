"""The activity chart: articles per month as an accessible SVG drawn at build time."""

from __future__ import annotations

import datetime as dt
from collections import Counter
from collections.abc import Iterable

from markupsafe import Markup

from .dates import month_name, month_year, short_month_year
from .escape import html, md

WIDTH, HEIGHT, BASE, TOP, LEFT = 640, 160, 130, 24, 30
#: Bars get their count written above them up to this many; beyond, the scale and the table give the values.
MAX_LABELLED = 40
#: At most this many period labels under the bars, every 1, 3, 6 or 12 periods.
MAX_TICKS, TICK_STEPS = 8, (1, 3, 6, 12, 24, 60, 120)
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
    """An SVG bar chart with a labelled scale, period ticks, <title>, <desc> and a table as its text equivalent."""
    dates = list(dates)
    size, unit, bars = bar_counts(dates)
    if not bars:
        return Markup("")
    peak = max(n for _, n in bars)
    top = nice_ceiling(peak)
    step = (WIDTH - LEFT) / len(bars)
    drawn = "".join(_bar(i, step, period_label(start, size), n, top, len(bars) <= MAX_LABELLED)
                    for i, (start, n) in enumerate(bars))
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
        f"{_scale(top)}{drawn}{_ticks(bars, size, step)}</svg>"
        f"{_table(name, unit, size, bars)}"
    )


def nice_ceiling(peak: int) -> int:
    """The scale's top: the peak rounded up to 1, 2 or 5 times a power of ten (at least 1)."""
    magnitude = 1
    while True:
        for factor in (1, 2, 5):
            if peak <= factor * magnitude:
                return factor * magnitude
        magnitude *= 10


def _y(count: float, top: int) -> float:
    return BASE - (BASE - TOP) * count / top


def _scale(top: int) -> str:
    """Grid lines with their values at 0, half and the top of the scale (half only when it is whole)."""
    values = [0, top // 2, top] if top % 2 == 0 and top >= 4 else [0, top]
    lines = []
    for value in values:
        y = _y(value, top)
        kind = "axis" if not value else "grid"
        lines.append(f'<line x1="{LEFT}" y1="{y:.1f}" x2="{WIDTH}" y2="{y:.1f}" class="{kind}"/>'
                     f'<text x="{LEFT - 6}" y="{y + 4:.1f}" class="label" text-anchor="end">{value}</text>')
    return "".join(lines)


def _ticks(bars: list[tuple[dt.date, int]], size: int, step: float) -> str:
    """Labels under the bars: every month, quarter, half-year or year (or decade) so that at most MAX_TICKS show."""
    every = next((n for n in TICK_STEPS if len(bars) / n <= MAX_TICKS), len(bars))
    out = []
    for i, (start, _) in enumerate(bars):
        index = (start.year * 12 + start.month - 1) // size
        if i and (index % every or i < every // 2):  # the first bar is always labelled: keep clear of it
            continue
        x = LEFT + (i + 0.5) * step
        text = period_label(start, size, short=True) if size > 1 or i == 0 or start.month == 1 else month_abbr(start)
        out.append(f'<line x1="{x:.1f}" y1="{BASE}" x2="{x:.1f}" y2="{BASE + 4}" class="axis"/>'
                   f'<text x="{x:.1f}" y="{HEIGHT - 6}" class="label" text-anchor="middle">{text}</text>')
    return "".join(out)


def _bar(index: int, step: float, label: str, count: int, top: int, labelled: bool) -> str:
    height = 0 if not count else max(2.0, BASE - _y(count, top))
    gap = min(2.0, step * 0.2)
    x = LEFT + index * step
    value = (f'<text x="{x + step / 2:.1f}" y="{BASE - height - 4:.1f}" class="value" text-anchor="middle">'
             f"{count}</text>") if labelled and count else ""
    return (f'<rect x="{x + gap / 2:.1f}" y="{BASE - height:.1f}" width="{step - gap:.1f}" height="{height:.1f}">'
            f"<title>{label}: {count}</title></rect>{value}")


def _table(name: str, unit: str, size: int, bars: list[tuple[dt.date, int]]) -> str:
    """The chart's text equivalent: a table of every period that has articles, behind a disclosure."""
    rows = "".join(f"<tr><td>{period_label(start, size)}</td><td>{n}</td></tr>" for start, n in bars if n)
    return (f'<details class="briefing-chart-table"><summary>Articles per {unit} as a table</summary>'
            f"<table><thead><tr><th>{unit.capitalize()}</th><th>Articles</th></tr></thead>"
            f"<tbody>{rows}</tbody></table></details>")


def month_abbr(day: dt.date) -> str:
    """'Sep'."""
    return month_name(day)[:3]
