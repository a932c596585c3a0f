"""Index: published articles → briefings (one generic taxonomy), timelines and relations."""

from __future__ import annotations

import datetime as dt
from collections import Counter, defaultdict
from collections.abc import Iterable, Mapping
from dataclasses import dataclass, field
from functools import cached_property
from itertools import takewhile

from .corpus import Corpus
from .kinds import KINDS, Kind
from .model import Article, Settings, Term
from .regions import RegionTree, region_tree, rolled_up
from .schedule import shown_articles
from .slugs import slugify
from .urls import briefing_feed_src, briefing_src

#: Neighbours in time looked at per shared briefing; keeps relations linear in corpus size.
RELATION_WINDOW = 12


@dataclass(frozen=True)
class Briefing:
    """One topic, region or actor: its articles newest first and its term file, if any."""

    kind: Kind
    slug: str
    name: str
    articles: tuple[Article, ...]
    term: Term | None = None

    @property
    def src(self) -> str:
        return briefing_src(self.kind, self.slug)

    @property
    def feed_src(self) -> str:
        return briefing_feed_src(self.kind, self.slug)

    @property
    def latest(self) -> dt.date | None:
        return self.articles[0].date if self.articles else None

    @property
    def first(self) -> dt.date | None:
        return self.articles[-1].date if self.articles else None

    @cached_property  # sorting related briefings asks for it ~10 times per briefing
    def sort_key(self) -> tuple[str, str]:
        return (self.name.casefold(), self.slug)


@dataclass(frozen=True)
class SiteIndex:
    """Everything the renderer needs, computed once from the corpus."""

    articles: tuple[Article, ...]
    briefings: Mapping[tuple[Kind, str], Briefing]
    settings: Settings
    cooccurrence: Mapping[tuple[Kind, str], Mapping[tuple[Kind, str], int]] = field(repr=False)
    regions: RegionTree = field(default_factory=RegionTree)

    def briefing(self, kind: Kind, name: str) -> Briefing:
        return self.briefings[(kind, slugify(name))]

    @cached_property
    def by_slug(self) -> dict[str, Article]:
        """Published articles by slug."""
        return {a.slug: a for a in self.articles}

    @cached_property
    def _name_sets(self) -> dict[str, tuple[frozenset[str], ...]]:
        """Each article's names as one set per kind, built once for the relatedness scores."""
        return {a.slug: _name_sets(a) for a in self.articles}

    def of_kind(self, kind: Kind) -> list[Briefing]:
        """Briefings of one kind, A–Z."""
        return sorted((b for (k, _), b in self.briefings.items() if k is kind), key=lambda b: b.sort_key)

    def top_related(self, briefing: Briefing, kind: Kind, limit: int) -> list[tuple[Briefing, int]]:
        """The briefings of `kind` that share most articles with `briefing`."""
        rankings = self._rankings  # a briefing page asks for each ranking twice (top names, related)
        own = (briefing.kind, briefing.slug)
        if (own, kind) not in rankings:
            counts = self.cooccurrence.get(own, {})
            order = self._order
            rankings[(own, kind)] = sorted((-n, order[key], key) for key, n in counts.items() if key[0] is kind)
        return [(self.briefings[key], -n) for n, _, key in rankings[(own, kind)][:limit]]

    @cached_property
    def _rankings(self) -> dict[tuple[tuple[Kind, str], Kind], list[tuple[int, int, tuple[Kind, str]]]]:
        return {}

    @cached_property
    def _order(self) -> dict[tuple[Kind, str], int]:
        """Each briefing's place A–Z: an int compares much faster than a sort key in the rankings."""
        ordered = sorted(self.briefings, key=lambda key: self.briefings[key].sort_key)
        return {key: place for place, key in enumerate(ordered)}

    @cached_property
    def positions(self) -> dict[tuple[Kind, str], dict[str, int]]:
        """Each briefing's article slugs → their place in its newest-first list."""
        return {key: {a.slug: i for i, a in enumerate(b.articles)} for key, b in self.briefings.items()}

    def neighbours(self, article: Article) -> tuple[Briefing | None, Article | None, Article | None]:
        """(first topic, the older article before it, the newer one after it) in that topic."""
        if not article.topics:
            return None, None, None
        briefing = self.briefing(Kind.TOPIC, article.topics[0])
        place = self.positions[(Kind.TOPIC, briefing.slug)][article.slug]
        older = briefing.articles[place + 1] if place + 1 < len(briefing.articles) else None
        newer = briefing.articles[place - 1] if place > 0 else None
        return briefing, older, newer

    def related(self, article: Article) -> list[Article]:
        """Up to `related_count` articles sharing most weighted names; newer first on ties."""
        by_slug = {candidate.slug: candidate for candidate in self._nearby(article)}
        sets = self._name_sets
        (t1, r1, a1), (wt, wr, wa) = sets.get(article.slug) or _name_sets(article), _WEIGHTS
        ranked = sorted((-(wt * len(t1 & t2) + wr * len(r1 & r2) + wa * len(a1 & a2)), -c.date.toordinal(), slug)
                        for slug, c in by_slug.items() for t2, r2, a2 in (sets[slug],))
        return [by_slug[slug] for _, _, slug in ranked[: self.settings.related_count]]

    def windows(self, article: Article) -> list[tuple[tuple[Kind, str], int, int]]:
        """Where `related` looks: (briefing key, start, stop) around the article in each of its briefings."""
        spans = []
        for kind in KINDS:  # iterating the dict: iterating an Enum is slow, and this runs per article
            for name in article.names(kind):
                key = (kind, slugify(name))
                place = self.positions[key][article.slug]
                spans.append((key, max(0, place - RELATION_WINDOW), place + RELATION_WINDOW + 1))
        return spans

    def _nearby(self, article: Article) -> Iterable[Article]:
        for key, start, stop in self.windows(article):
            yield from (a for a in self.briefings[key].articles[start:stop] if a.slug != article.slug)

    def active_since(self, days: int, limit: int) -> list[tuple[Briefing, int]]:
        """Briefings with most articles in the last `days` days of the corpus (not the clock)."""
        if not self.articles:
            return []
        since = self.articles[0].date - dt.timedelta(days=days)
        # Counted from each briefing's own list, so a region counts what its page lists (its sub-regions too).
        counts = {key: n for key, b in self.briefings.items()
                  if (n := sum(1 for _ in takewhile(lambda a: a.date > since, b.articles)))}
        ranked = sorted(counts.items(), key=lambda kv: (-kv[1], kv[0][0].value, kv[0][1]))
        return [(self.briefings[key], n) for key, n in ranked[:limit]]


_WEIGHTS = tuple(spec.weight for spec in KINDS.values())  # how much a shared name counts, in `Kind` order


def _name_sets(article: Article) -> tuple[frozenset[str], ...]:
    return tuple(frozenset(article.names(kind)) for kind in KINDS)


def published(corpus: Corpus, settings: Settings) -> tuple[Article, ...]:
    """The articles a build shows: drafts and articles held back for a later day only under `mkdocs serve`."""
    return shown_articles(corpus.articles, settings)


def build_index(corpus: Corpus, settings: Settings) -> SiteIndex:
    """Group articles into briefings and count which briefings occur together."""
    articles = published(corpus, settings)
    tree = region_tree(corpus.terms.values())
    members: dict[tuple[Kind, str], list[Article]] = defaultdict(list)
    names: dict[tuple[Kind, str], str] = {}
    for article in articles:
        for kind in KINDS:
            # A region's briefing rolls up the regions inside it: Russia lists what happened in Moscow.
            for name in rolled_up(article.regions, tree) if kind.spec.nested else article.names(kind):
                members[(kind, slugify(name))].append(article)
                names.setdefault((kind, slugify(name)), name)
    _apply_matches(corpus.terms, articles, members, names)
    for key, term in corpus.terms.items():
        names[key] = term.title
    briefings = {key: Briefing(key[0], key[1], names[key], tuple(members.get(key, ())),
                               corpus.terms.get(key)) for key in sorted(names)}
    return SiteIndex(articles, briefings, settings, _count_cooccurrence(briefings, tree), tree)


def _apply_matches(terms: Mapping[tuple[Kind, str], Term], articles: tuple[Article, ...],
                   members: dict[tuple[Kind, str], list[Article]],
                   names: dict[tuple[Kind, str], str]) -> None:
    """A topic's `match` rule gathers articles that list all of its names."""
    for key, term in sorted(terms.items()):
        if not term.match:
            continue
        listed = {a.slug for a in members.get(key, ())}
        extra = [a for a in articles if a.slug not in listed and _matches(a, term)]
        if extra:
            merged = sorted([*members.get(key, ()), *extra],
                            key=lambda a: (-a.date.toordinal(), a.slug))
            members[key] = merged
            names.setdefault(key, term.title)


def _matches(article: Article, term: Term) -> bool:
    return all(set(wanted) <= set(article.names(kind)) for kind, wanted in term.match)


def _count_cooccurrence(briefings: Mapping[tuple[Kind, str], Briefing], tree: RegionTree
                        ) -> dict[tuple[Kind, str], dict[tuple[Kind, str], int]]:
    """For each briefing, how many of its articles each other briefing shares.

    A region shares every article with the regions it lies in and those it rolls up: they are its
    family, shown as such on its page, not related briefings. Elsewhere a region counts the articles that
    name it, not those it rolls up, so "Top regions" lists where things happened, not each place's parents.
    """
    keys_of: dict[str, set[tuple[Kind, str]]] = defaultdict(set)
    named: dict[str, set[str]] = {}  # article → the regions it names, by slug (worked out once)
    for key, briefing in briefings.items():
        rolls_up = key[0] is Kind.REGION and bool(tree.children(briefing.name))
        for article in briefing.articles:
            if rolls_up and article.slug not in named:
                named[article.slug] = {slugify(name) for name in article.regions}
            if not rolls_up or key[1] in named[article.slug]:
                keys_of[article.slug].add(key)
    out: dict[tuple[Kind, str], dict[tuple[Kind, str], int]] = {}
    for key, briefing in briefings.items():
        counts: Counter[tuple[Kind, str]] = Counter()
        for article in briefing.articles:
            counts.update(keys_of[article.slug])
        del counts[key]
        if key[0] is Kind.REGION:
            for name in (*tree.ancestors(briefing.name), *tree.descendants(briefing.name)):
                counts.pop((Kind.REGION, slugify(name)), None)
        out[key] = dict(counts)
    return out
