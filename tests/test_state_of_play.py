"""States of play, corrections, regions that roll up, and `briefing stale`, on tests/sites/state_of_play."""

from __future__ import annotations

import dataclasses
import datetime as dt
import json
import re
from pathlib import Path

from click.testing import CliRunner

from generator.cli import cli
from generator.config import read_settings
from generator.corpus import Corpus, build_corpus
from generator.files import read_sources
from generator.freshness import developments_since, newly_stale, stale_assessments
from generator.index import SiteIndex, build_index
from generator.kinds import Kind
from generator.regions import region_tree, rolled_up, within

CASE = Path(__file__).parent / "sites" / "state_of_play"


def corpus_of(case: Path = CASE) -> Corpus:
    settings = read_settings(case / "mkdocs.yml")
    corpus = build_corpus(read_sources(case, settings), settings)
    assert not corpus.errors, corpus.errors
    return corpus


def index_of(case: Path = CASE) -> SiteIndex:
    return build_index(corpus_of(case), read_settings(case / "mkdocs.yml"))


def slugs(index: SiteIndex, kind: Kind, name: str) -> list[str]:
    return [a.slug for a in index.briefing(kind, name).articles]


# --- regions ------------------------------------------------------------------------------

def test_region_tree_has_two_levels_below_continent() -> None:
    tree = region_tree(corpus_of().terms.values())
    assert tree.ancestors("Capital City") == ("Northland", "Continent", "World")
    assert tree.children("Continent") == ("Northland", "Southland")
    assert tree.descendants("Continent") == ("Northland", "Capital City", "Southland")
    assert tree.descendants("World") == ("Continent", "Northland", "Capital City", "Southland")
    assert tree.descendants("Capital City") == () and tree.ancestors("World") == ()
    assert rolled_up(["Capital City", "Southland"], tree) == ("Capital City", "Southland", "Northland",
                                                              "Continent", "World")


def test_a_parent_written_as_an_alias_means_that_region() -> None:
    corpus = corpus_of()
    capital = corpus.terms[(Kind.REGION, "capital-city")]
    northland = corpus.terms[(Kind.REGION, "northland")]

    moved = dataclasses.replace(northland, parent="", aliases=())
    suburb = dataclasses.replace(capital, title="Suburb", slug="suburb", parent="The Capital", aliases=())
    tree = region_tree([capital, moved, suburb])
    assert tree.ancestors("Suburb") == ("Capital City", "Northland")


def test_a_loop_of_parents_ends_the_walk() -> None:
    corpus = corpus_of()

    world = corpus.terms[(Kind.REGION, "world")]
    terms = [*corpus.terms.values()]
    terms[terms.index(world)] = dataclasses.replace(world, parent="Capital City")
    tree = region_tree(terms)
    assert tree.ancestors("Capital City") == ("Northland", "Continent", "World")
    assert "World" not in tree.descendants("World")


def test_region_briefings_roll_up_their_descendants() -> None:
    index = index_of()
    assert slugs(index, Kind.REGION, "Capital City") == ["capital-protest", "first-talks"]
    assert slugs(index, Kind.REGION, "Northland") == ["capital-protest", "border-incident", "first-talks"]
    assert slugs(index, Kind.REGION, "Continent") == [
        "capital-protest", "continental-summit", "trade-pact", "border-incident", "first-talks"]
    assert slugs(index, Kind.REGION, "World") == slugs(index, Kind.REGION, "Continent")
    assert slugs(index, Kind.REGION, "Islands") == ["island-news"]  # no term file, no parent


def test_entries_rolled_up_say_where_they_happened() -> None:
    tree = index_of().regions
    assert within(["Capital City"], "Continent", tree) == ("Capital City",)
    assert within(["Northland", "Southland"], "Continent", tree) == ("Northland", "Southland")
    assert within(["Continent"], "Continent", tree) == ()  # listed there itself
    assert within(["Northland", "Continent"], "Continent", tree) == ()


def test_active_briefings_count_what_the_page_lists() -> None:
    index = index_of()
    active = {b.name: n for b, n in index.active_since(90, 50)}
    assert active["Continent"] == 2  # the summit and the protest (in Capital City); 1 March is 91 days before 1 June
    assert active["Islands"] == 1


# --- states of play -----------------------------------------------------------------------

def test_key_facts_resolve_slugs_and_file_names() -> None:
    talks = corpus_of().terms[(Kind.TOPIC, "talks")]
    assert talks.state is not None
    assert [f.articles for f in talks.state.key_facts] == [("first-talks",), ("trade-pact",), ()]
    assert talks.state.as_of == dt.date(2024, 3, 15) and talks.state.line == 5
    assert talks.featured


def test_developments_since_excludes_the_day_of_the_assessment() -> None:
    articles = index_of().briefing(Kind.TOPIC, "Talks").articles
    assert [a.slug for a in developments_since(articles, dt.date(2024, 3, 1))] == ["continental-summit"]
    assert [a.slug for a in developments_since(articles, dt.date(2024, 2, 29))] == ["continental-summit",
                                                                                    "trade-pact"]
    assert developments_since(articles, dt.date(2024, 4, 15)) == ()


def test_stale_ranks_by_developments_since() -> None:
    found = stale_assessments(index_of().briefings.values())
    assert [(s.name, s.line, [a.slug for a in s.since]) for s in found] == [
        ("Continent", 5, ["capital-protest"]),   # 1 since, newest 20 May
        ("Talks", 5, ["continental-summit"]),     # 1 since, newest 15 April
    ]
    assert newly_stale(found, found) == ()
    assert [s.name for s in newly_stale(found[1:], found)] == ["Continent"]


def test_briefing_stale_prints_each_at_its_as_of_line() -> None:
    result = CliRunner().invoke(cli, ["-f", str(CASE / "mkdocs.yml"), "stale"])
    assert result.exit_code == 0, result.output
    assert result.output.splitlines() == [
        "briefings/regions/continent.md:5: region 'Continent' assessed as of 2024-05-01; "
        "1 development since, newest 2024-05-20",
        "  2024-05-20  Protest in the capital (content/2024/2024-05-20-capital-protest.md)",
        "briefings/topics/talks.md:5: topic 'Talks' assessed as of 2024-03-15; 1 development since, newest 2024-04-15",
        "  2024-04-15  Continental summit (content/2024/2024-04-15-continental-summit.md)",
        "2 of 4 assessments older than their newest development",
    ]
    data = json.loads(CliRunner().invoke(cli, ["-f", str(CASE / "mkdocs.yml"), "stale", "--format", "json"]).output)
    assert data["assessed"] == 4
    assert [(s["path"], s["line"], s["developments_since"], s["newest"]) for s in data["stale"]] == [
        ("briefings/regions/continent.md", 5, 1, "2024-05-20"), ("briefings/topics/talks.md", 5, 1, "2024-04-15")]


# --- corrections --------------------------------------------------------------------------

def test_corrections_make_the_article_updated() -> None:
    article = next(a for a in corpus_of().articles if a.slug == "border-incident")
    assert [(c.date, c.line) for c in article.corrections] == [(dt.date(2024, 2, 7), 9), (dt.date(2024, 3, 2), 10)]
    assert article.updated == dt.date(2024, 3, 2)
    first = next(a for a in corpus_of().articles if a.slug == "first-talks")
    assert first.updated is None and first.sources[0].via == "The Daily Example" and first.sources[1].via is None


# --- rendered pages -----------------------------------------------------------------------

def rendered() -> dict[str, str]:
    from tests.test_render_golden import render_case
    return render_case(CASE)


def test_region_counts_agree_everywhere() -> None:
    """Page timeline, Regions index, home, feed and data file all count a region's descendants too."""
    pages = rendered()
    data = json.loads(pages["data/articles.json"])["articles"]
    for name, slug in (("World", "world"), ("Continent", "continent"), ("Northland", "northland"),
                       ("Capital City", "capital-city"), ("Southland", "southland"), ("Islands", "islands")):
        page = pages[f"regions/{slug}.md"]
        timeline = page.split("## Timeline of developments", 1)[1].split("\n## ", 1)[0]
        in_page = sum(line.startswith("- **") for line in timeline.splitlines())
        in_index = int(re.search(rf"\[{name}\]\({slug}\.md\) <span class=\"briefing-index__meta\">(\d+) ·",
                                 pages["regions/index.md"])[1])
        in_feed = pages[f"regions/{slug}/feed.xml"].count("<entry>")
        in_data = sum(name in a["in_regions"] for a in data)
        assert in_page == in_index == in_feed == in_data, name
    assert "- [World](regions/world.md) (5)" in pages["index.md"]
    assert "    - [Continent](regions/continent.md) (5)" in pages["index.md"]


def test_standfirst_is_the_summary_under_the_headline() -> None:
    pages = rendered()
    for src, text in pages.items():
        if src.startswith("articles/"):
            body = text.split("\n---\n", 1)[1]
            assert re.match(r"\n# .+\n\n.+\n\{: \.briefing-standfirst \}\n", body), src


def test_corrections_page_lists_newest_first_and_the_feed_follows() -> None:
    pages = rendered()
    listed = re.findall(r"^- \*\*(.+?)\*\* — \[(.+?)\]", pages["corrections.md"], re.M)
    assert listed == [('<time datetime="2024-03-02">2 March 2024</time>', "Shots fired at the border"),
                      ('<time datetime="2024-02-07">7 February 2024</time>', "Shots fired at the border")]
    entry = pages["feed.xml"].split("border-incident/</id>", 1)[1].split("</entry>", 1)[0]
    assert "<published>2024-02-05T00:00:00Z</published>" in entry
    assert "<updated>2024-03-02T00:00:00Z</updated>" in entry
    article = pages["articles/2024/02/border-incident.md"]
    assert article.index("## Corrections") > article.index("Guards on both sides")
    assert "Wire Agency via The Daily Example: *Ministers meet*" in pages["articles/2024/01/first-talks.md"]
