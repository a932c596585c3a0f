"""Odd but valid input gets a correct page: encodings, line ends, far dates, time zones, Unicode names."""

from __future__ import annotations

import datetime as dt
import posixpath
import re
from pathlib import Path

import pytest

from .kit import ATOM, article, atom_entries, core, heading, make_repo, mkdocs_build, run_check, scan_html

A = "content/2023/2023-09-12-train.md"
TEXT = article(body="First paragraph.\n\nSecond paragraph.\n")


def test_bom_crlf_and_cr_give_the_very_same_pages(tmp_path: Path) -> None:
    variants = {"plain": TEXT.encode(), "bom": b"\xef\xbb\xbf" + TEXT.encode(),
                "crlf": TEXT.replace("\n", "\r\n").encode(), "cr": TEXT.replace("\n", "\r").encode(),
                "bom_crlf": b"\xef\xbb\xbf" + TEXT.replace("\n", "\r\n").encode()}
    results = {name: core(make_repo(tmp_path / name, {A: data})) for name, data in variants.items()}
    assert all(r.diagnostics == () for r in results.values())
    plain = results["plain"]
    assert plain.corpus.articles[0].title == "Train arrives" and "\r" not in plain.corpus.articles[0].body
    for name, result in results.items():
        assert result.pages == plain.pages, name


def test_dates_before_1900_and_after_2100(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    # Built on the 2150 article's day: until then a build holds it back (scheduled publication, issue 17).
    on_the_day = {"SOURCE_DATE_EPOCH": str(int(dt.datetime(2150, 6, 7, tzinfo=dt.UTC).timestamp()))}
    monkeypatch.setenv("SOURCE_DATE_EPOCH", on_the_day["SOURCE_DATE_EPOCH"])
    root = make_repo(tmp_path, {
        "content/1850/1850-03-04-old.md": article(title="Old", date="1850-03-04", actors=["Tsar"]),
        "content/2150/2150-06-07-new.md": article(title="New", date="2150-06-07", actors=["Tsar"]),
        "briefings/about.md": "# About\n"})
    assert run_check(root).exit_code == 0
    pages = core(root).pages
    for page in ("articles/1850/03/old.md", "archive/1850.md", "archive/1850/03.md", "articles/2150/06/new.md"):
        assert page in pages
    chart = pages["actors/tsar.md"]
    assert "Tsar: articles per decade" in chart and chart.count("<rect ") == 31  # 1850s to 2150s, not 3,600 months
    published = [e.findtext(f"{ATOM}published") for e in atom_entries(pages["feed.xml"])]
    assert published == ["2150-06-07T00:00:00Z", "1850-03-04T00:00:00Z"]
    build = mkdocs_build(root, strict=True, env=on_the_day)
    assert build.returncode == 0, build.stderr
    assert heading(root / "site", "articles/1850/03/old/index.html") == "Old"


def test_a_timezone_aware_datetime_is_refused_with_the_day_written(tmp_path: Path) -> None:
    """23:30 at UTC-5 is 04:30 UTC the next day: rather than pick a day silently, the check asks for one,
    naming the day its writer saw."""
    root = make_repo(tmp_path, {A: article(date="2023-09-12T23:30:00-05:00")})
    check = run_check(root)
    assert check.exit_code == 1
    assert check.diagnostics == [f"{A}:3: error: 'date' holds a time ('2023-09-12T23:30:00-05:00'); dates are "
                                 "days: write date: 2023-09-12"]
    assert core(root).pages == {}


UNICODE = {"김정은": "gimjeongeun", "Владимир Путин": "vladimir-putin", "محمد بن سلمان": "mhmd-bn-slmn",
           "Zoë": "zoe", "習近平": "xi-jin-ping", "Ελευθέριος": "eleutherios"}


def test_unicode_names_get_distinct_working_urls(tmp_path: Path) -> None:
    root = make_repo(tmp_path, {A: article(actors=list(UNICODE)), "briefings/about.md": "# About\n"})
    assert run_check(root).diagnostics == []
    build = mkdocs_build(root, strict=True)  # strict: a broken link fails the build
    assert build.returncode == 0, build.stderr
    site = root / "site"
    for name, slug in UNICODE.items():
        assert heading(site, f"actors/{slug}/index.html") == name
    page = "articles/2023/09/train/index.html"
    hrefs = {posixpath.normpath(posixpath.join(posixpath.dirname(page), href)) + "/index.html"
             for href in scan_html((site / page).read_text("utf-8")).urls if re.search(r"(^|/)actors/[^/]+/$", href)}
    assert hrefs == {f"actors/{slug}/index.html" for slug in UNICODE.values()}
