"""Unit tests of the plan stage: page models (relations, ordering, counts, paths) without Jinja."""

from __future__ import annotations

import dataclasses
import datetime as dt

from generator.corpus import build_corpus
from generator.index import build_index
from generator.kinds import Kind
from generator.model import Settings
from generator.pages import (
    ArchiveMonthPage,
    ArchivePage,
    ArchiveYear,
    ArchiveYearPage,
    ArticlePage,
    BriefingLink,
    BriefingPage,
    DataPage,
    FeedPage,
    HomePage,
    KindIndexPage,
    Plan,
    plan_pages,
)

SETTINGS = Settings(site_url="https://x.example/", site_name="X", feed_size=2)


def article(slug: str, day: str, *, regions: str = "R", actors: str = "A", topics: str = "", extra: str = "") -> bytes:
    lines = [f"title: T {slug}", f"date: {day}", f"region: [{regions}]", f"actors: [{actors}]"]
    if topics:
        lines.append(f"topics: [{topics}]")
    return ("---\n" + "\n".join(lines) + f"\n{extra}---\nBody of {slug}.\n").encode()


def plan_of(files: dict[str, bytes], settings: Settings = SETTINGS, intro: str = "") -> Plan:
    corpus = build_corpus(files, settings)
    assert not corpus.errors, corpus.errors
    return plan_pages(build_index(corpus, settings), settings, intro)


FILES = {
    "content/a.md": article("a", "2024-01-05", regions="Pyongyang", actors="Kim, Putin", topics="Talks"),
    "content/b.md": article("b", "2024-01-20", regions="Pyongyang", actors="Kim", topics="Talks, Arms"),
    "content/c.md": article("c", "2024-03-02", regions="Vladivostok", actors="Putin", topics="Arms"),
    "briefings/regions/korean-peninsula.md": b"---\ntitle: Korean Peninsula\nsummary: The peninsula.\n---\n",
    "briefings/regions/pyongyang.md": b"---\ntitle: Pyongyang\nparent: Korean Peninsula\ncountries: [KP]\n---\n",
    "briefings/actors/kim.md": b"---\ntitle: Kim\naliases: [KIM, Kim Jong Un]\ncountry: KP\n---\n",
}


def page(plan: Plan, src: str) -> object:
    return plan.pages[src]


def test_every_page_has_a_model_at_its_path_in_sorted_order() -> None:
    plan = plan_of(FILES)
    assert list(plan.pages) == sorted(plan.pages) and plan.diagnostics == ()
    assert all(src == model.src for src, model in plan.pages.items())
    kinds = {type(model).__name__ for model in plan.pages.values()}
    assert kinds == {"ArticlePage", "BriefingPage", "KindIndexPage", "ArchivePage", "ArchiveYearPage",
                     "ArchiveMonthPage", "HomePage", "FeedPage", "DataPage", "FollowPage", "CorrectionsPage"}
    assert "archive/2024/02.md" not in plan.pages  # no empty months


def test_article_page_links_its_briefings_in_reading_order_and_its_topic_neighbours() -> None:
    b = page(plan_of(FILES), "articles/2024/01/b.md")
    assert isinstance(b, ArticlePage)
    assert [(kind, [link.name for link in links]) for kind, links in b.names] == [
        (Kind.REGION, ["Pyongyang"]), (Kind.ACTOR, ["Kim"]), (Kind.TOPIC, ["Talks", "Arms"])]
    assert b.topic == BriefingLink(Kind.TOPIC, "talks", "Talks")
    assert b.older is not None and b.older.src == "articles/2024/01/a.md" and b.newer is None
    assert [link.src for link in b.related] == ["articles/2024/01/a.md", "articles/2024/03/c.md"]


def test_briefing_page_counts_ranks_and_nests() -> None:
    plan = plan_of(FILES)
    kim = page(plan, "actors/kim.md")
    assert isinstance(kim, BriefingPage)
    assert (kim.count, kim.first, kim.latest) == (2, dt.date(2024, 1, 5), dt.date(2024, 1, 20))
    assert kim.spellings == ("Kim Jong Un",)  # 'KIM' is the same name in capitals
    assert kim.country == "North Korea"
    assert [(m, [a.src for a in items]) for m, items in kim.months] == [
        (dt.date(2024, 1, 1), ["articles/2024/01/b.md", "articles/2024/01/a.md"])]
    top = dict(kim.top)
    assert [(link.name, n) for link, n in top[Kind.TOPIC]] == [("Talks", 2), ("Arms", 1)]
    assert kim.chart is not None and kim.chart.dates == (dt.date(2024, 1, 20), dt.date(2024, 1, 5))
    pyongyang, peninsula = page(plan, "regions/pyongyang.md"), page(plan, "regions/korean-peninsula.md")
    assert isinstance(pyongyang, BriefingPage) and isinstance(peninsula, BriefingPage)
    assert pyongyang.parent == BriefingLink(Kind.REGION, "korean-peninsula", "Korean Peninsula")
    assert pyongyang.countries == ("North Korea",)
    assert [(c.link, c.count) for c in peninsula.children] == [(BriefingLink(Kind.REGION, "pyongyang", "Pyongyang"), 2)]
    assert peninsula.count == 2 and peninsula.chart is not None  # Pyongyang's articles roll up into it
    assert peninsula.where == (("articles/2024/01/b.md", ("Pyongyang",)), ("articles/2024/01/a.md", ("Pyongyang",)))
    assert peninsula.feed_src == "regions/korean-peninsula/feed.xml"


def test_indexes_archive_and_home() -> None:
    plan = plan_of(FILES, intro="Hello.")
    regions = page(plan, "regions/index.md")
    assert isinstance(regions, KindIndexPage)
    assert [(g.heading, [(r.link.name, r.count) for r in g.rows]) for g in regions.groups] == [
        ("", [("Korean Peninsula", 2), ("Pyongyang", 2), ("Vladivostok", 1)])]  # one list; regions roll up
    assert not regions.letters and regions.latest == dt.date(2024, 3, 2)
    actors = page(plan, "actors/index.md")
    assert isinstance(actors, KindIndexPage)
    assert [(g.heading, [r.link.name for r in g.rows]) for g in actors.groups] == [
        ("North Korea", ["Kim"]), ("International and other", ["Putin"])]  # by country where one is known
    assert [(r.link.name, depth) for r, depth in regions.tree] == [
        ("Korean Peninsula", 0), ("Pyongyang", 1), ("Vladivostok", 0)]
    archive = page(plan, "archive/index.md")
    assert archive == ArchivePage("archive/index.md", (ArchiveYear(2024, 3, ((3, 1), (1, 2))),), dt.date(2024, 3, 1))
    year, month = page(plan, "archive/2024.md"), page(plan, "archive/2024/01.md")
    assert isinstance(year, ArchiveYearPage) and [m.month for m, _ in year.months] == [3, 1]
    assert isinstance(month, ArchiveMonthPage) and [a.src for a in month.articles] == [
        "articles/2024/01/b.md", "articles/2024/01/a.md"]
    assert (month.older, month.newer) == (None, dt.date(2024, 3, 1))  # February has no articles: skipped
    home = page(plan, "index.md")
    assert isinstance(home, HomePage) and home.intro == "Hello." and home.newest == dt.date(2024, 3, 2)
    assert [(r.link.name, [c.link.name for c in children]) for r, children in home.regions] == [
        ("Korean Peninsula", ["Pyongyang"]), ("Vladivostok", [])]  # the top of the tree, with its children
    assert home.active_days == SETTINGS.active_days
    assert [(link.name, n) for link, n in home.active][:4] == [
        ("Kim", 2), ("Putin", 2), ("Korean Peninsula", 2), ("Pyongyang", 2)]  # a region counts what it rolls up


def test_feeds_and_data_hold_absolute_urls_and_the_newest_entries() -> None:
    plan = plan_of(FILES)
    feed = page(plan, "feed.xml")
    assert isinstance(feed, FeedPage)
    assert (feed.page_url, feed.self_url, feed.author) == ("https://x.example/", "https://x.example/feed.xml", "X")
    assert [e.url for e in feed.entries] == ["https://x.example/articles/2024/03/c/",
                                             "https://x.example/articles/2024/01/b/"]  # feed_size 2
    topic_feed = page(plan, "topics/talks/feed.xml")
    assert isinstance(topic_feed, FeedPage) and topic_feed.page_url == "https://x.example/topics/talks/"
    assert topic_feed.entries[0] is feed.entries[1]  # one entry model shared by every feed
    data = page(plan, "data/articles.json")
    assert isinstance(data, DataPage) and [e.slug for e in data.articles] == ["c", "b", "a"]


def test_a_page_model_changes_exactly_when_what_it_shows_changes() -> None:
    before = plan_of(FILES)
    body_only = plan_of({**FILES, "content/c.md": FILES["content/c.md"].replace(b"Body of c.", b"Body of c.\n\nMore.")})
    changed = {src for src in before.pages if before.pages[src] != body_only.pages[src]}
    assert changed == {"articles/2024/03/c.md"}
    drafts = dataclasses.replace(SETTINGS, include_drafts=True)
    with_draft = plan_of({**FILES, "content/d.md": article("d", "2023-06-01", actors="Zed", extra="draft: true\n")},
                         drafts)
    assert "articles/2023/06/d.md" in with_draft.pages and "articles/2023/06/d.md" not in before.pages


def test_a_name_that_takes_a_generated_path_is_refused_at_its_sources() -> None:
    files = {"content/a.md": article("a", "2024-01-05", actors="Index, Kim"),
             "content/b.md": article("b", "2024-01-06", actors="Index"),
             "briefings/topics/index.md": b"---\ntitle: Index\n---\n"}
    plan = plan_of(files)
    assert [(d.path, d.line, d.message) for d in plan.diagnostics] == [
        ("briefings/topics/index.md", 2, "topic 'Index' would be written to topics/index.md, "
                                         "the path of the A–Z index of topics; give it another name"),
        ("content/a.md", 5, "actor 'Index' would be written to actors/index.md, "
                            "the path of the A–Z index of actors; give it another name"),
        ("content/b.md", 5, "actor 'Index' would be written to actors/index.md, "
                            "the path of the A–Z index of actors; give it another name"),
    ]
    assert isinstance(plan.pages["actors/index.md"], KindIndexPage)  # the generated page keeps its path


def test_an_article_without_a_summary_shows_its_opening_paragraph_once_as_its_standfirst() -> None:
    body = (b"---\ntitle: T\ndate: 2024-01-05\nregion: [R]\nactors: [A]\n---\n"
            b"The *lead*, with [a link](x.md).\n\nMore.\n")
    written = body.replace(b"title: T\n", b"title: T\nsummary: Said in short.\n")
    lead = page(plan_of({"content/a.md": body}), "articles/2024/01/a.md")
    assert isinstance(lead, ArticlePage)
    assert (lead.standfirst, lead.lead, lead.body) == ("The *lead*, with [a link](x.md).", True, "More.")
    assert lead.article.summary == "The lead, with a link."  # description and feeds: plain text
    own = page(plan_of({"content/a.md": written}), "articles/2024/01/a.md")
    assert isinstance(own, ArticlePage)
    assert (own.standfirst, own.lead, own.body.strip()) == ("Said in short.", False, lead.article.body.strip())


def test_a_body_opening_with_anything_but_a_paragraph_stays_whole() -> None:
    from generator.validate import lead_paragraph
    for body in ("1. one\n\nTwo.", "Head\n===\n\nx", "Term\n: said\n\nx", "Para\n{: .x }\n\nz", "- item\n\nx",
                 "[ref]: https://x.example/\n\nx", "## Heading\n\nx", "<div>x</div>\n\nx"):
        assert lead_paragraph(body) == ("", body), body


def test_top_regions_of_a_topic_are_where_things_happened_not_each_place_s_parents() -> None:
    talks = page(plan_of(FILES), "topics/talks.md")
    assert isinstance(talks, BriefingPage)
    regions = dict(talks.top)[Kind.REGION]
    assert [link.name for link, _ in regions] == ["Pyongyang"]  # not Korean Peninsula, which rolls it up
    peninsula = page(plan_of(FILES), "regions/korean-peninsula.md")
    assert isinstance(peninsula, BriefingPage) and peninsula.count == 2  # its own page still rolls them up
