"""Unit tests of the index stage: briefings, relations, neighbours, activity, match rules."""

from __future__ import annotations

import datetime as dt

from generator.chart import activity_svg, month_counts
from generator.corpus import build_corpus
from generator.index import build_index
from generator.kinds import Kind
from generator.model import Settings

SETTINGS = Settings()


def article(slug: str, day: str, *, regions: str = "R", actors: str = "A", topics: str = "", **extra: str) -> bytes:
    lines = [f"title: T {slug}", f"date: {day}", f"region: [{regions}]", f"actors: [{actors}]"]
    if topics:
        lines.append(f"topics: [{topics}]")
    lines += [f"{k}: {v}" for k, v in extra.items()]
    return ("---\n" + "\n".join(lines) + "\n---\nBody.\n").encode()


def index_of(files: dict[str, bytes], settings: Settings = SETTINGS):  # type: ignore[no-untyped-def]
    corpus = build_corpus(files, settings)
    assert not corpus.errors, corpus.errors
    return build_index(corpus, settings)


def test_briefings_group_articles_newest_first() -> None:
    idx = index_of({"content/a.md": article("a", "2024-01-01", actors="X, Y"),
                    "content/b.md": article("b", "2024-02-01", actors="X")})
    x = idx.briefing(Kind.ACTOR, "X")
    assert [a.slug for a in x.articles] == ["b", "a"]
    assert x.first == dt.date(2024, 1, 1) and x.latest == dt.date(2024, 2, 1)
    assert [b.name for b in idx.of_kind(Kind.ACTOR)] == ["X", "Y"]


def test_related_weighs_topics_over_actors_over_regions_then_newer() -> None:
    idx = index_of({
        "content/me.md": article("me", "2024-01-10", regions="R1", actors="A1", topics="T1"),
        "content/same-topic.md": article("same-topic", "2023-01-01", regions="R9", actors="A9", topics="T1"),
        "content/same-actor.md": article("same-actor", "2023-06-01", regions="R9", actors="A1", topics="T9"),
        "content/same-region-old.md": article("same-region-old", "2023-02-01", regions="R1", actors="A8", topics="T8"),
        "content/same-region-new.md": article("same-region-new", "2023-03-01", regions="R1", actors="A7", topics="T7"),
        "content/unrelated.md": article("unrelated", "2024-01-09", regions="R5", actors="A5", topics="T5"),
    })
    me = next(a for a in idx.articles if a.slug == "me")
    assert [a.slug for a in idx.related(me)] == ["same-topic", "same-actor", "same-region-new", "same-region-old"]


def test_related_is_capped() -> None:
    files = {f"content/a{i}.md": article(f"a{i}", f"2024-01-{i + 1:02d}") for i in range(9)}
    idx = index_of(files)
    assert len(idx.related(idx.articles[0])) == SETTINGS.related_count


def test_neighbours_follow_first_topic() -> None:
    idx = index_of({"content/a.md": article("a", "2024-01-01", topics="T, U"),
                    "content/b.md": article("b", "2024-02-01", topics="T"),
                    "content/c.md": article("c", "2024-03-01", topics="U")})
    b = next(a for a in idx.articles if a.slug == "b")
    topic, older, newer = idx.neighbours(b)
    assert topic is not None and topic.name == "T"
    assert older is not None and older.slug == "a" and newer is None


def test_active_window_is_relative_to_newest_article_not_clock() -> None:
    idx = index_of({"content/old.md": article("old", "2001-01-01", actors="Old"),
                    "content/new1.md": article("new1", "2001-06-01", actors="New"),
                    "content/new2.md": article("new2", "2001-05-01", actors="New")})
    active = {(b.kind, b.name): n for b, n in idx.active_since(90, 10)}
    assert active[(Kind.ACTOR, "New")] == 2
    assert (Kind.ACTOR, "Old") not in active


def test_topic_match_rule_gathers_unlisted_articles() -> None:
    term = b"---\ntitle: Summits\nmatch:\n  actors: [P, K]\n---\nOverview.\n"
    idx = index_of({"briefings/topics/summits.md": term,
                    "content/both.md": article("both", "2024-01-01", actors="P, K"),
                    "content/one.md": article("one", "2024-01-02", actors="P")})
    assert [a.slug for a in idx.briefing(Kind.TOPIC, "Summits").articles] == ["both"]


def test_cooccurrence_counts_shared_articles() -> None:
    idx = index_of({"content/a.md": article("a", "2024-01-01", actors="X, Y"),
                    "content/b.md": article("b", "2024-01-02", actors="X, Y"),
                    "content/c.md": article("c", "2024-01-03", actors="X, Z")})
    top = idx.top_related(idx.briefing(Kind.ACTOR, "X"), Kind.ACTOR, 5)
    assert [(b.name, n) for b, n in top] == [("Y", 2), ("Z", 1)]


def test_drafts_are_left_out_unless_included() -> None:
    files = {"content/d.md": article("d", "2024-01-01", draft="true"),
             "content/p.md": article("p", "2024-01-02")}
    assert [a.slug for a in index_of(files).articles] == ["p"]
    assert [a.slug for a in index_of(files, Settings(include_drafts=True)).articles] == ["p", "d"]


def test_month_counts_fill_gaps_across_years() -> None:
    counts = month_counts([dt.date(2023, 11, 5), dt.date(2024, 2, 1), dt.date(2024, 2, 9)])
    assert counts == [(dt.date(2023, 11, 1), 1), (dt.date(2023, 12, 1), 0),
                      (dt.date(2024, 1, 1), 0), (dt.date(2024, 2, 1), 2)]


def test_chart_is_accessible_and_escaped() -> None:
    svg = str(activity_svg("<b>&", "c1", [dt.date(2024, 1, 1)]))
    assert 'role="img"' in svg and 'aria-labelledby="c1-title c1-desc"' in svg
    assert "<title id=\"c1-title\">&#60;b&#62;&#38;: articles per month</title>" in svg  # in a markdown block
    assert "<desc id=\"c1-desc\">1 article from January 2024 to January 2024" in svg
    assert str(activity_svg("x", "c2", [])) == ""
