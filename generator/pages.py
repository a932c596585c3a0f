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
from .freshness import developments_since
from .index import Briefing, SiteIndex
from .kinds import ARTICLE_ORDER, KINDS, Kind
from .media import media_links
from .memo import Memo
from .model import Article, Correction, Diagnostic, Settings, Source, StateOfPlay, Term
from .redirects import RedirectPage, plan_redirects, wanted_redirects
from .regions import rolled_up, within
from .slugs import likeness_key, slugify
from .validate import lead_paragraph

TOP_NAMES = 5
RELATED_BRIEFINGS = 8
LATEST_ON_HOME = 10
LATEST_ON_BRIEFING = 3  # at the top of a briefing without a state of play
ACTIVE_ON_HOME = 10
#: Index pages get a letter bar (and a heading per letter) from this many entries on.
LETTERS_FROM = 30
OTHER_COUNTRY = "International and other"


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


@_hash_once
@dataclass(frozen=True)
class Assessment:
    """A briefing's state of play as a page shows it: the editors' fields, the articles its key facts
    cite, and the developments dated after it (newest first)."""

    link: BriefingLink
    state: StateOfPlay
    cited: tuple[tuple[str, ArticleLink], ...]  # article slug → its link, for the key facts
    since: tuple[ArticleLink, ...]

    @property
    def cited_by_slug(self) -> dict[str, ArticleLink]:
        return dict(self.cited)


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
    aliases: tuple[str, ...] = ()  # its briefings' other spellings ('DPRK'), so search finds it by them
    standfirst: str = ""  # the written summary (text), else the body's opening paragraph (not repeated below)
    lead: bool = False  # the standfirst is that paragraph, as written in Markdown
    body: str = ""  # the body without it


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
    children: tuple[BriefingRow, ...]
    parent: BriefingLink | None
    months: tuple[Month, ...]
    chart: Chart | None
    feed_url: str = ""  # absolute: readers copy it into a feed reader
    assessment: Assessment | None = None  # the state of play, when the term file has one
    latest_three: tuple[ArticleLink, ...] = ()  # shown at the top when there is no state of play
    where: tuple[tuple[str, tuple[str, ...]], ...] = ()  # a region's: article src → the regions below it

    @property
    def where_by_src(self) -> dict[str, tuple[str, ...]]:
        return dict(self.where)

    @property
    def feed_src(self) -> str:
        return urls.briefing_feed_src(self.link.kind, self.link.slug)


@_hash_once
@dataclass(frozen=True)
class IndexGroup:
    """One run of an index page's list, under a heading (none when the list is not split)."""

    heading: str
    anchor: str
    rows: tuple[BriefingRow, ...]


@_hash_once
@dataclass(frozen=True)
class KindIndexPage:
    """`<kind>/index.md`: one compact list of one kind: actors by country where known, long lists by letter."""

    src: str
    kind: Kind
    groups: tuple[IndexGroup, ...]
    letters: bool  # a letter bar: long lists only
    latest: dt.date | None
    tree: tuple[tuple[BriefingRow, int], ...] = ()  # nested kinds (regions): every row with its depth


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
    newest: dt.date | None = None


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
    older: dt.date | None = None  # the months before and after it that have articles
    newer: dt.date | None = None


@_hash_once
@dataclass(frozen=True)
class FollowPage:
    """`follow.md`: how to follow the site and its briefings in a feed reader."""

    src: str
    feed_url: str


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
    regions: tuple[tuple[BriefingRow, tuple[BriefingRow, ...]], ...]  # the top of the tree, with children
    featured: tuple[Assessment, ...] = ()


@_hash_once
@dataclass(frozen=True)
class CorrectionsPage:
    """`corrections.md`: every correction of every article, newest first."""

    src: str
    corrections: tuple[tuple[Correction, ArticleLink], ...]


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
    corrections: tuple[Correction, ...] = ()
    in_regions: tuple[str, ...] = ()  # the region briefings that list it: its regions and those they lie in


@_hash_once
@dataclass(frozen=True)
class DataPage:
    """`data/articles.json`: every article's metadata, for analysts."""

    src: str
    site_name: str
    articles: tuple[DataEntry, ...]


Page = (ArticlePage | BriefingPage | KindIndexPage | ArchivePage | ArchiveYearPage | ArchiveMonthPage | HomePage
        | FeedPage | DataPage | FollowPage | CorrectionsPage | RedirectPage)


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
    planner.add(FollowPage(urls.FOLLOW_SRC, planner.site_url + urls.SITE_FEED_SRC), ())
    planner.add(planner.corrections(), ())
    planner.add(planner.feed(index.articles, urls.SITE_FEED_SRC, settings.site_name), ())
    planner.add(planner.data(), ())
    for briefing in index.briefings.values():
        planner.add(planner.briefing(briefing), briefing)
        planner.add(planner.feed(briefing.articles, briefing.feed_src, briefing.name), ())
    for article in index.articles:
        planner.add(planner.article(article), article)
    if wanted := list(wanted_redirects(index)):  # last: an old address must not take any page's place
        redirects, refused = plan_redirects(wanted, planner.taken(), planner.site_url)
        planner.pages.update(redirects)
        planner.clashes.extend(refused)
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

    def taken(self) -> dict[str, str]:
        """Output file → what page is written there and where it comes from, for a redirect's message."""
        out = {}
        for src, page in self.pages.items():
            where = ", ".join(f"{p}:{n}" for p, n in _sources(self.origins[src])[:3])
            out[urls.output_path(src)] = describe(page) + (f" ({where})" if where else "")
        return out

    def link(self, article: Article) -> ArticleLink:
        if (found := self._links.get(article.slug)) is None:
            found = self._links[article.slug] = ArticleLink(
                urls.article_src(article), article.title, article.date, article.summary, article.unpublished)
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
        src = urls.article_src(article)
        lead, is_markdown, body = standfirst(article)
        return ArticlePage(src, article, names, self.links(self._related(article)),
                           None if topic is None else self._link(topic), None if older is None else self.link(older),
                           None if newer is None else self.link(newer), self._aliases(article),
                           media_links(lead, src) if is_markdown else lead, is_markdown, media_links(body, src))

    def _aliases(self, article: Article) -> tuple[str, ...]:
        spellings: dict[str, None] = {}
        for kind in KINDS:
            for name in article.names(kind):
                term = self.index.briefing(kind, name).term
                spellings.update(dict.fromkeys(other_spellings(term) if term else ()))
        return tuple(spellings)

    def _related(self, article: Article) -> tuple[Article, ...]:
        briefings = self.index.briefings
        nearby = tuple(briefings[key].articles[start:stop] for key, start, stop in self.index.windows(article))
        return self.related.get((article, nearby), lambda: tuple(self.index.related(article)))

    def assessment(self, briefing: Briefing) -> Assessment | None:
        """The briefing's state of play with the developments since it; None without one."""
        state = briefing.term.state if briefing.term else None
        if state is None:
            return None
        by_slug = self.index.by_slug  # a key fact may cite a draft, which a published build leaves out
        cited = {slug: self.link(by_slug[slug]) for fact in state.key_facts for slug in fact.articles
                 if slug in by_slug}
        return Assessment(self._link(briefing), state, tuple(sorted(cited.items())),
                          self.links(developments_since(briefing.articles, state.as_of)))

    def _where(self, briefing: Briefing) -> tuple[tuple[str, tuple[str, ...]], ...]:
        """A nested briefing's rolled-up articles (src) → the regions below it where they happened."""
        tree = self.index.regions
        if not (briefing.kind.spec.nested and tree.children(briefing.name)):
            return ()
        return tuple((urls.article_src(a), names) for a in briefing.articles
                     if (names := within(a.regions, briefing.name, tree)))

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
            tuple(map(self._row, self._children(briefing))),
            None if (parent := self._parent(briefing)) is None else self._link(parent),
            self._months(briefing.articles),
            Chart(chart_id, briefing.name, tuple(a.date for a in briefing.articles)) if briefing.articles else None,
            self.site_url + briefing.feed_src, assessment := self.assessment(briefing),
            () if assessment else self.links(briefing.articles[:LATEST_ON_BRIEFING]), self._where(briefing))

    def _months(self, articles: Iterable[Article]) -> tuple[Month, ...]:
        by_month = groupby(map(self.link, articles), key=lambda a: a.date.year * 12 + a.date.month)
        return tuple((links[0].date.replace(day=1), links) for links in (tuple(g) for _, g in by_month))

    def _children(self, briefing: Briefing) -> list[Briefing]:
        if not KINDS[briefing.kind].nested:
            return []
        names = self.index.regions.children(briefing.name)
        return [b for n in names if (b := self.index.briefings.get((briefing.kind, slugify(n)))) is not None]

    def _tree(self, kind: Kind) -> tuple[tuple[Briefing, int], ...]:
        """A nested kind's briefings depth first, each with its depth; the top of the hierarchy at 0."""
        if not KINDS[kind].nested:
            return ()
        by_name = {b.name: b for b in self.index.of_kind(kind)}
        out: list[tuple[Briefing, int]] = []

        def visit(briefing: Briefing, depth: int) -> None:
            out.append((briefing, depth))
            for child in self._children(briefing):
                visit(child, depth + 1)

        for briefing in by_name.values():
            if not any(name in by_name for name in self.index.regions.ancestors(briefing.name)):
                visit(briefing, 0)
        return tuple(out)

    def _parent(self, briefing: Briefing) -> Briefing | None:
        if not (KINDS[briefing.kind].nested and briefing.term and briefing.term.parent):
            return None
        return self.index.briefings.get((briefing.kind, slugify(briefing.term.parent)))

    def kind_index(self, kind: Kind) -> KindIndexPage:
        briefings = self.index.of_kind(kind)
        groups, letters = index_groups(kind, briefings)
        latest = max((b.latest for b in briefings if b.latest), default=None)
        rows = tuple(IndexGroup(heading, anchor, tuple(map(self._row, items))) for heading, anchor, items in groups)
        tree = tuple((self._row(b), depth) for b, depth in self._tree(kind))
        return KindIndexPage(urls.kind_index_src(kind), kind, rows, letters, latest, tree)

    def archive(self) -> list[Page]:
        pages: list[Page] = []
        years = [(year, list(group)) for year, group in groupby(self.index.articles, key=lambda a: a.date.year)]
        order = list(dict.fromkeys(a.date.replace(day=1) for a in self.index.articles))  # newest first
        place = {month: n for n, month in enumerate(order)}
        summary = []
        for year, items in years:
            months = self._months(items)
            pages.append(ArchiveYearPage(urls.archive_year_src(year), year, months))
            pages.extend(ArchiveMonthPage(urls.archive_month_src(year, month.month), month, links,
                                          _at(order, place[month] + 1), _at(order, place[month] - 1))
                         for month, links in months)
            summary.append(ArchiveYear(year, len(items), tuple((m.month, len(links)) for m, links in months)))
        pages.append(ArchivePage(urls.ARCHIVE_SRC, tuple(summary), order[0] if order else None))
        return pages

    def home(self, intro: str) -> HomePage:
        days = self.settings.active_days
        regions = tuple((self._row(b), tuple(map(self._row, self._children(b))))
                        for b, depth in self._tree(Kind.REGION) if depth == 0)
        featured = (self.assessment(b) for b in self.index.briefings.values() if b.term and b.term.featured)
        return HomePage(urls.HOME_SRC, intro, self.links(self.index.articles[:LATEST_ON_HOME]),
                        self._ranked(self.index.active_since(days, ACTIVE_ON_HOME)), days,
                        self.index.articles[0].date if self.index.articles else None, regions,
                        tuple(a for a in featured if a is not None))

    def corrections(self) -> CorrectionsPage:
        found = sorted(((c, a) for a in self.index.articles for c in a.corrections),
                       key=lambda pair: (-pair[0].date.toordinal(), -pair[1].date.toordinal(), pair[1].slug))
        return CorrectionsPage(urls.CORRECTIONS_SRC, tuple((c, self.link(a)) for c, a in found))

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
            a.summary, a.path, a.sources, a.corrections, rolled_up(a.regions, self.index.regions))
            for a in self.index.articles)
        return DataPage(urls.DATA_SRC, self.settings.site_name, entries)


def _at(months: list[dt.date], place: int) -> dt.date | None:
    """The month at `place` in a newest-first list, or None off either end."""
    return months[place] if 0 <= place < len(months) else None


def index_key(briefing: Briefing) -> tuple[str, str]:
    """Where an index files a briefing: its term's `sort_as` ('Putin, Vladimir'), else its name; accents ignored."""
    label = briefing.term.sort_as if briefing.term and briefing.term.sort_as else briefing.name
    return slugify(label) or label.casefold(), briefing.slug


def index_groups(kind: Kind, briefings: list[Briefing]) -> tuple[list[tuple[str, str, list[Briefing]]], bool]:
    """([(heading, anchor, briefings)], whether to show a letter bar): actors by country where any is known,
    lists of LETTERS_FROM entries or more by first letter, shorter ones as one list."""
    ordered = sorted(briefings, key=index_key)
    if kind is Kind.ACTOR and any(b.term and b.term.country for b in ordered):
        def country(b: Briefing) -> str:
            return country_name(b.term.country) or "" if b.term and b.term.country else ""

        names = sorted({country(b) for b in ordered}, key=lambda c: (not c, c))  # "no country" last
        return [(c or OTHER_COUNTRY, "country-" + (slugify(c) if c else "other"),
                 [b for b in ordered if country(b) == c]) for c in names], False
    if len(ordered) < LETTERS_FROM:
        return ([("", "", ordered)] if ordered else []), False

    def letter(b: Briefing) -> str:
        first = index_key(b)[0][:1].upper()
        return first if first.isalpha() else "#"

    return [(key, "letter-" + (key.lower() if key != "#" else "0"), list(group))
            for key, group in groupby(ordered, key=letter)], True


def standfirst(article: Article) -> tuple[str, bool, str]:
    """(standfirst, is it Markdown, body): the written summary over the whole body, or the body's opening
    paragraph moved up."""
    if article.summary_written:
        return article.summary, False, article.body
    lead, rest = lead_paragraph(article.body)
    return (lead, True, rest) if lead else (article.summary, False, article.body)


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
