"""The activity chart: a labelled scale, enough period ticks, counts on bars and a table as its text equivalent."""

from __future__ import annotations

import datetime as dt
import re

import pytest

from generator.chart import MAX_TICKS, activity_svg, nice_ceiling


def days(*spec: tuple[int, int, int]) -> list[dt.date]:
    """(year, month, how many articles) → that many dates in that month."""
    return [dt.date(y, m, 1 + i) for y, m, n in spec for i in range(n)]


def texts(svg: str, cls: str) -> list[str]:
    return re.findall(rf'class="{cls}"[^>]*>([^<]*)</text>', svg)


@pytest.mark.parametrize(("peak", "top"), [(1, 1), (2, 2), (3, 5), (6, 10), (11, 20), (49, 50), (51, 100)])
def test_the_scale_ends_at_a_round_number(peak: int, top: int) -> None:
    assert nice_ceiling(peak) == top


def test_scale_values_and_counts_are_written_on_the_chart() -> None:
    svg = str(activity_svg("X", "c", days((2023, 7, 1), (2023, 9, 6), (2024, 10, 4))))
    assert texts(svg, "label")[:3] == ["0", "5", "10"]  # the scale: 0, half, top
    assert texts(svg, "value") == ["1", "6", "4"]  # one count above each bar that has articles
    ticks = [t for t in texts(svg, "label")[3:]]
    assert ticks[0] == "Jul 2023" and "Jan 2024" in ticks and 4 <= len(ticks) <= MAX_TICKS


def test_a_single_article_does_not_fill_the_chart_unlabelled() -> None:
    """With one article the bar is full height, but the scale says '1', so it cannot read as many."""
    svg = str(activity_svg("X", "c", days((2024, 1, 1))))
    assert texts(svg, "label")[:2] == ["0", "1"] and texts(svg, "value") == ["1"]


def test_long_histories_keep_ticks_readable_and_leave_counts_to_the_table() -> None:
    svg = str(activity_svg("X", "c", days(*((y, m, 1) for y in range(2010, 2020) for m in (1, 6)))))
    assert len(re.findall("<rect ", svg)) == 114  # Jan 2010 to Jun 2019, a bar per month
    assert texts(svg, "value") == []
    assert 1 <= len(texts(svg, "label")) - 3 <= MAX_TICKS


def test_the_table_is_the_charts_text_equivalent() -> None:
    svg = str(activity_svg("X", "c", days((2023, 7, 1), (2023, 9, 6), (2024, 10, 4))))
    rows = re.findall(r"<tr><td>([^<]*)</td><td>(\d+)</td></tr>", svg)
    assert rows == [("July 2023", "1"), ("September 2023", "6"), ("October 2024", "4")]
    assert "<summary>Articles per month as a table</summary>" in svg
