"""Plan: the site index → one frozen page model per generated page, keyed by its docs path.

A page shows only what its model holds: templates see their model and the URL helpers, nothing
else. So the model is also the page's key in the serve memo (`memo.py`): a page is rendered again
exactly when something it shows changed. Pure and Jinja-free, so its tests need no templates.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Iterable, Mapping
from dataclasses import dataclass
from itertools import groupby
from typing import TypeVar

from . import urls
from .countries import country_name
from .index import Briefing, SiteIndex
from .kinds import ARTICLE_ORDER, KINDS, Kind
from .memo import Memo
from .model import Article, Diagnostic, Settings, Source, Term
from .slugs import likeness_key, slugify

TOP_NAMES = 5
RELATED_BRIEFINGS = 8
LATEST_ON_HOME = 10
ACTIVE_ON_HOME = 10


_T = TypeVar("_T")


def _hash_once(cls: type[_T]) -> type[_T]:
    """Keep a model's hash once worked out: a memo key is hashed per build, and models share parts."""
    field_hash = cls.__hash__

    def __hash__(self: _T) -> int:
        try:
            return self.__dict__["_hash"]  # type: ignore[no-any-return]
        except KeyError:
            value = self.__dict__["_hash"] = field_hash(self)  # not setattr: the dataclass is frozen
            return value

    cls.__hash__ = __hash__  # type: ignore[assignment,method-assign]
    return cls


# --- what pages show of other things ------------------------------------------------------

@_hash_once
@dataclass(frozen=True)
class BriefingLink:
    """A link to a briefing: its kind, slug and name."""

    kind: Kind
    slug: str
    name: str

    @property
    def src(self) -> str:
        return urls.briefing_src(self.kind, self.slug)


@_hash_once
@dataclass(frozen=True)
class ArticleLink:
    """What a listing shows of an article: its link, date, summary and draft mark."""

    src: str
    title: str
    date: dt.date
    summary: str
    draft: bool


@_hash_once
@dataclass(frozen=True)
class BriefingRow:
    """A briefing in an index or on the home page: its link, summary, article count and latest date."""

    link: BriefingLink
    summary: str
    count: int
    latest: dt.date | None


@_hash_once
@dataclass(frozen=True)
class Chart:
    """A briefing's activity chart as data: drawn by `chart.activity_svg`, inline or by the plugin."""

    id: str
    name: str
    dates: tuple[dt.date, ...]


Ranked = tuple[tuple[BriefingLink, int], ...]
Month = tuple[dt.date, tuple[ArticleLink, ...]]


# --- the pages -----------------------------------------------------------------------------

@_hash_once
@dataclass(frozen=True)
class ArticlePage:
    """`articles/YYYY/MM/<slug>.md`: the article, its briefings, related articles, its neighbours."""

    src: str
    article: Article
    names: tuple[tuple[Kind, tuple[BriefingLink, ...]], ...]  # in `kinds.ARTICLE_ORDER`
    related: tuple[ArticleLink, ...]
    topic: BriefingLink | None  # the first topic, whose older and newer articles are shown
    older: ArticleLink | None
    newer: ArticleLink | None


@_hash_once
@dataclass(frozen=True)
class BriefingPage:
    """`<kind>/<slug>.md`: the editors' overview and everything generated about one briefing."""

    src: str
    link: BriefingLink
    term: Term | None
    spellings: tuple[str, ...]  # aliases a reader would see as other spellings
    country: str  # the actor's country, by name
    countries: tuple[str, ...]  # the region's countries, by name
    count: int
    first: dt.date | None
    latest: dt.date | None
    top: tuple[tuple[Kind, Ranked], ...]
    related: Ranked
    children: tuple[BriefingLink, ...]
    parent: BriefingLink | None
    months: tuple[Month, ...]
    chart: Chart | None

    @property
    def feed_src(self) -> str:
        return urls.briefing_feed_src(self.link.kind, self.link.slug)


@_hash_once
@dataclass(frozen=True)
class KindIndexPage:
    """`<kind>/index.md`: the A–Z index of one kind, grouped by first letter."""

    src: str
    kind: Kind
    groups: tuple[tuple[str, tuple[BriefingRow, ...]], ...]


@_hash_once
@dataclass(frozen=True)
class ArchiveYear:
    """A year on the archive page: its article count and each month's, newest first."""

    year: int
    count: int
    months: tuple[tuple[int, int], ...]


@_hash_once
@dataclass(frozen=True)
class ArchivePage:
    """`archive/index.md`: years and months with article counts."""

    src: str
    years: tuple[ArchiveYear, ...]


@_hash_once
@dataclass(frozen=True)
class ArchiveYearPage:
    """`archive/YYYY.md`: the year's articles by month."""

    src: str
    year: int
    months: tuple[Month, ...]


@_hash_once
@dataclass(frozen=True)
class ArchiveMonthPage:
    """`archive/YYYY/MM.md`: the month's articles."""

    src: str
    month: dt.date
    articles: tuple[ArticleLink, ...]


@_hash_once
@dataclass(frozen=True)
class HomePage:
    """`index.md`: the editors' introduction, latest developments, most active briefings, regions."""

    src: str
    intro: str
    latest: tuple[ArticleLink, ...]
    active: Ranked
    active_days: int
    newest: dt.date | None
    regions: tuple[BriefingRow, ...]


@_hash_once
@dataclass(frozen=True)
class FeedEntry:
    """One article in an Atom feed; shared by every feed that lists it."""

    url: str
    title: str
    published: dt.date
    updated: dt.date
    summary: str
    categories: tuple[tuple[str, str], ...]  # (name, scheme URL)


@_hash_once
@dataclass(frozen=True)
class FeedPage:
    """`feed.xml`, `<kind>/<slug>/feed.xml`: an Atom feed of the newest articles."""

    src: str
    title: str
    page_url: str  # absolute URL of the page the feed follows
    self_url: str
    author: str
    updated: dt.date | None
    entries: tuple[FeedEntry, ...]


@_hash_once
@dataclass(frozen=True)
class DataEntry:
    """One article in data/articles.json."""

    title: str
    slug: str
    url: str
    date: dt.date
    updated: dt.date | None
    regions: tuple[str, ...]
    actors: tuple[str, ...]
    topics: tuple[str, ...]
    summary: str
    source_path: str
    sources: tuple[Source, ...]


@_hash_once
@dataclass(frozen=True)
class DataPage:
    """`data/articles.json`: every article's metadata, for analysts."""

    src: str
    site_name: str
    articles: tuple[DataEntry, ...]


Page = (ArticlePage | BriefingPage | KindIndexPage | ArchivePage | ArchiveYearPage | ArchiveMonthPage | HomePage
        | FeedPage | DataPage)


@dataclass(frozen=True)
class Plan:
    """Every generated page by docs path, sorted; and the pages that would overwrite each other."""

    pages: Mapping[str, Page]
    diagnostics: tuple[Diagnostic, ...] = ()


# --- planning ------------------------------------------------------------------------------

def plan_pages(index: SiteIndex, settings: Settings, intro: str = "",
               related: Memo[tuple[Article, ...]] | None = None) -> Plan:
    """One model per generated page; two pages for one path are refused at their sources.

    `related` (kept by `mkdocs serve`) remembers each article's related articles while the articles
    `SiteIndex.related` chooses from are unchanged: scoring them all again costs more than a rebuild may.
    """
    planner = _Planner(index, settings, related if related is not None else Memo())
    for kind in Kind:  # the site's own pages first: a name that takes one of their paths is the one refused
        planner.add(planner.kind_index(kind), ())
    for page in planner.archive():
        planner.add(page, ())
    planner.add(planner.home(intro), ())
    planner.add(planner.feed(index.articles, urls.SITE_FEED_SRC, settings.site_name), ())
    planner.add(planner.data(), ())
    for briefing in index.briefings.values():
        planner.add(planner.briefing(briefing), briefing)
        planner.add(planner.feed(briefing.articles, briefing.feed_src, briefing.name), ())
    for article in index.articles:
        planner.add(planner.article(article), article)
    return Plan(dict(sorted(planner.pages.items())), tuple(sorted(set(planner.clashes))))


Origin = Article | Briefing | tuple[()]  # what made a page; () for the site's own pages


class _Planner:
    """Builds the page models of one index; links and rows are built once and shared."""

    def __init__(self, index: SiteIndex, settings: Settings, related: Memo[tuple[Article, ...]]) -> None:
        self.index = index
        self.related = related
        related.begin(settings.related_count)
        self.settings = settings
        self.site_url = (settings.site_url or "http://127.0.0.1:8000/").rstrip("/") + "/"
        self.pages: dict[str, Page] = {}
        self.origins: dict[str, Origin] = {}
        self.clashes: list[Diagnostic] = []
        self._links: dict[str, ArticleLink] = {}
        self._briefing_links = {key: BriefingLink(b.kind, b.slug, b.name) for key, b in index.briefings.items()}
        self._entries: dict[str, FeedEntry] = {}

    def add(self, page: Page, origin: Origin) -> None:
        """Place a page at its path; a second page for the same path is an error at both sources."""
        if page.src not in self.pages:
            self.pages[page.src], self.origins[page.src] = page, origin
            return
        first = (self.pages[page.src], _sources(self.origins[page.src]))
        self.clashes.extend(_clash(page.src, first, (page, _sources(origin))))

    def link(self, article: Article) -> ArticleLink:
        if (found := self._links.get(article.slug)) is None:
            found = self._links[article.slug] = ArticleLink(
                urls.article_src(article), article.title, article.date, article.summary, article.draft)
        return found

    def links(self, articles: Iterable[Article]) -> tuple[ArticleLink, ...]:
        return tuple(map(self.link, articles))

    def _link(self, briefing: Briefing) -> BriefingLink:
        return self._briefing_links[(briefing.kind, briefing.slug)]

    def _ranked(self, pairs: list[tuple[Briefing, int]]) -> Ranked:
        return tuple((self._link(b), n) for b, n in pairs)

    def _row(self, briefing: Briefing) -> BriefingRow:
        summary = briefing.term.summary if briefing.term else ""
        return BriefingRow(self._link(briefing), summary, len(briefing.articles), briefing.latest)

    def article(self, article: Article) -> ArticlePage:
        topic, older, newer = self.index.neighbours(article)
        names = tuple((kind, tuple(self._link(self.index.briefing(kind, n)) for n in article.names(kind)))
                      for kind in ARTICLE_ORDER)
        return ArticlePage(urls.article_src(article), article, names, self.links(self._related(article)),
                           None if topic is None else self._link(topic), None if older is None else self.link(older),
                           None if newer is None else self.link(newer))

    def _related(self, article: Article) -> tuple[Article, ...]:
        briefings = self.index.briefings
        nearby = tuple(briefings[key].articles[start:stop] for key, start, stop in self.index.windows(article))
        return self.related.get((article, nearby), lambda: tuple(self.index.related(article)))

    def briefing(self, briefing: Briefing) -> BriefingPage:
        top = tuple((kind, self._ranked(self.index.top_related(briefing, kind, TOP_NAMES))) for kind in KINDS)
        related = sorted((pair for kind in KINDS for pair in self.index.top_related(briefing, kind, RELATED_BRIEFINGS)),
                         key=lambda pair: (-pair[1], pair[0].sort_key))[:RELATED_BRIEFINGS]
        term = briefing.term
        chart_id = f"chart-{briefing.kind.singular}-{briefing.slug}"
        return BriefingPage(
            briefing.src, self._link(briefing), term, other_spellings(term) if term else (),
            country_name(term.country) or "" if term and term.country else "",
            tuple(country_name(code) or "" for code in term.countries) if term else (),
            len(briefing.articles), briefing.first, briefing.latest, top, self._ranked(related),
            tuple(map(self._link, self._children(briefing))),
            None if (parent := self._parent(briefing)) is None else self._link(parent),
            self._months(briefing.articles),
            Chart(chart_id, briefing.name, tuple(a.date for a in briefing.articles)) if briefing.articles else None)

    def _months(self, articles: Iterable[Article]) -> tuple[Month, ...]:
        by_month = groupby(map(self.link, articles), key=lambda a: a.date.year * 12 + a.date.month)
        return tuple((links[0].date.replace(day=1), links) for links in (tuple(g) for _, g in by_month))

    def _children(self, briefing: Briefing) -> list[Briefing]:
        if not KINDS[briefing.kind].nested:
            return []
        return [b for b in self.index.of_kind(briefing.kind) if b.term and b.term.parent == briefing.name]

    def _parent(self, briefing: Briefing) -> Briefing | None:
        if not (KINDS[briefing.kind].nested and briefing.term and briefing.term.parent):
            return None
        return self.index.briefings.get((briefing.kind, slugify(briefing.term.parent)))

    def kind_index(self, kind: Kind) -> KindIndexPage:
        groups = _by_letter(self.index.of_kind(kind))
        return KindIndexPage(urls.kind_index_src(kind), kind,
                             tuple((letter, tuple(map(self._row, items))) for letter, items in groups))

    def archive(self) -> list[Page]:
        pages: list[Page] = []
        years = [(year, list(group)) for year, group in groupby(self.index.articles, key=lambda a: a.date.year)]
        summary = []
        for year, items in years:
            months = self._months(items)
            pages.append(ArchiveYearPage(urls.archive_year_src(year), year, months))
            pages.extend(ArchiveMonthPage(urls.archive_month_src(year, month.month), month, links)
                         for month, links in months)
            summary.append(ArchiveYear(year, len(items), tuple((m.month, len(links)) for m, links in months)))
        pages.append(ArchivePage(urls.ARCHIVE_SRC, tuple(summary)))
        return pages

    def home(self, intro: str) -> HomePage:
        days = self.settings.active_days
        regions = [b for b in self.index.of_kind(Kind.REGION) if not (b.term and b.term.parent)]
        return HomePage(urls.HOME_SRC, intro, self.links(self.index.articles[:LATEST_ON_HOME]),
                        self._ranked(self.index.active_since(days, ACTIVE_ON_HOME)), days,
                        self.index.articles[0].date if self.index.articles else None, tuple(map(self._row, regions)))

    def feed(self, articles: tuple[Article, ...], src: str, title: str) -> FeedPage:
        entries = articles[: self.settings.feed_size]
        updated = max((a.updated or a.date for a in entries), default=None)
        return FeedPage(src, title, self.site_url + urls.page_url(urls.feed_page_src(src)), self.site_url + src,
                        self.settings.site_name, updated, tuple(map(self.entry, entries)))

    def entry(self, article: Article) -> FeedEntry:
        if (found := self._entries.get(article.slug)) is None:
            categories = tuple((name, self.site_url + urls.kind_url(kind)) for kind in KINDS
                               for name in article.names(kind))
            found = self._entries[article.slug] = FeedEntry(
                self.site_url + urls.article_url(article), article.title, article.date,
                article.updated or article.date, article.summary, categories)
        return found

    def data(self) -> DataPage:
        entries = tuple(DataEntry(
            a.title, a.slug, self.site_url + urls.article_url(a), a.date, a.updated, a.regions, a.actors, a.topics,
            a.summary, a.path, a.sources) for a in self.index.articles)
        return DataPage(urls.DATA_SRC, self.settings.site_name, entries)


def _by_letter(briefings: list[Briefing]) -> list[tuple[str, list[Briefing]]]:
    """Group an A–Z index by the first letter of each slug ('#' for digits)."""
    def letter(b: Briefing) -> str:
        return b.slug[0].upper() if b.slug[0].isalpha() else "#"

    ordered = sorted(briefings, key=lambda b: (letter(b), b.sort_key))
    return [(key, list(group)) for key, group in groupby(ordered, key=letter)]


def other_spellings(term: Term) -> tuple[str, ...]:
    """A term's aliases that a reader would see as different (not just a dash or case apart)."""
    seen = {likeness_key(term.title)}
    out = []
    for alias in term.aliases:
        if likeness_key(alias.text) not in seen:
            seen.add(likeness_key(alias.text))
            out.append(alias.text)
    return tuple(out)


# --- reserved paths ------------------------------------------------------------------------

def _sources(origin: Origin) -> tuple[tuple[str, int], ...]:
    """(file, line) of each place a page comes from: an article's file, a briefing's term file or
    every line that names it; none for the site's own pages."""
    if isinstance(origin, Article):
        return ((origin.path, 1),)
    if not isinstance(origin, Briefing):
        return ()
    briefing = origin
    if briefing.term is not None:
        return ((briefing.term.path, briefing.term.line),)
    return tuple((a.path, name.line) for a in briefing.articles for kind, name in a.name_lines
                 if kind is briefing.kind and slugify(name.text) == briefing.slug)


def describe(page: Page) -> str:
    """What a page is, for a message: "topic 'Index'", "the A–Z index of topics"."""
    if isinstance(page, BriefingPage):
        return f"{page.link.kind.singular} '{page.link.name}'"
    if isinstance(page, ArticlePage):
        return f"article '{page.article.title}'"
    if isinstance(page, KindIndexPage):
        return f"the A–Z index of {page.kind.value}"
    return f"the generated page {page.src}"


def _clash(src: str, first: tuple[Page, tuple[tuple[str, int], ...]],
           second: tuple[Page, tuple[tuple[str, int], ...]]) -> list[Diagnostic]:
    """One error at each source of either page, naming the other page."""
    found: list[Diagnostic] = []
    for (page, origin), (other, other_origin) in ((first, second), (second, first)):
        where = f" ({', '.join(f'{p}:{n}' for p, n in other_origin)})" if other_origin else ""
        message = (f"{describe(page)} would be written to {src}, the path of {describe(other)}{where}; "
                   "give it another name")
        found.extend(Diagnostic(path, line, "error", message) for path, line in origin)
    assert found, f"two generated pages share {src}"  # only sources can collide with a page
    return found
