"""Corpus: every file loaded and validated, names resolved through aliases, cross-file checks."""

from __future__ import annotations

import dataclasses
import datetime as dt
import difflib
from collections import Counter, defaultdict
from collections.abc import Iterable, Mapping, Sequence
from dataclasses import dataclass
from pathlib import PurePosixPath

from .checks import Reporter, one_line
from .crosscheck import term_problems
from .guards import NamesOnly, article_guards, names_only
from .kinds import Kind
from .load import LoadError, decode_text, parse_document
from .model import Article, Diagnostic, KeyFact, Name, Settings, Sources, Term
from .slugs import NearNames, likeness_key, near_names, slugify
from .urls import briefing_url, source_role
from .validate import validate_article, validate_term


@dataclass(frozen=True)
class Corpus:
    """The validated content: articles sorted newest first, terms by kind and slug."""

    articles: tuple[Article, ...]
    terms: Mapping[tuple[Kind, str], Term]
    diagnostics: tuple[Diagnostic, ...]

    @property
    def errors(self) -> tuple[Diagnostic, ...]:
        return tuple(d for d in self.diagnostics if d.severity == "error")


def classify_path(path: str, settings: Settings) -> Kind | str | None:
    """'article' for content files, a Kind for term files, None for anything the corpus does not load."""
    role = source_role(path, settings)
    return None if role == "intro" else role


LoadResult = tuple[Article | Term | NamesOnly | None, list[Diagnostic]]
#: What the cross-file name checks read: an article, or the names of one that failed validation.
Named = Article | NamesOnly


def load_file(path: str, data: bytes, settings: Settings) -> LoadResult:
    """Decode, split, parse and validate one file; never raises on bad content."""
    role = classify_path(path, settings)
    report = Reporter(path)
    text, problems = decode_text(path, data, max_bytes=settings.max_file_bytes)
    if text is None:
        return None, problems
    try:
        doc = parse_document(path, text)
    except LoadError as exc:
        report.error(exc.line, exc.message)
        return None, report.diagnostics
    if isinstance(role, Kind):
        item: Article | Term | None = validate_term(role, path, doc.meta, doc.body, doc.body_line, report)
        return item, report.diagnostics
    article = validate_article(path, doc.meta, doc.body, doc.body_line, report)
    guards = article_guards(path, doc.meta, article, doc.body_line)
    if article is None or any(d.severity == "error" for d in guards):  # e.g. a time in the date
        return names_only(path, doc.meta), [*report.diagnostics, *guards]
    return article, [*report.diagnostics, *guards]


def build_corpus(sources: Sources | Mapping[str, bytes], settings: Settings,
                 loaded: Mapping[str, LoadResult] | None = None) -> Corpus:
    """Load every content and term file in `sources`, with its read problems; `loaded` may hold cached results."""
    read = Sources.of(sources)
    articles: list[Article] = []
    terms: list[Term] = []
    broken: list[NamesOnly] = []
    diagnostics: list[Diagnostic] = list(read.problems)
    for path in sorted(read.files):
        if classify_path(path, settings) is None:
            continue
        item, found = (loaded or {}).get(path) or load_file(path, read.files[path], settings)
        diagnostics.extend(found)
        if isinstance(item, Article):
            articles.append(item)
        elif isinstance(item, Term):
            terms.append(item)
        elif isinstance(item, NamesOnly):
            broken.append(item)
    return resolve_corpus(articles, terms, diagnostics, broken, declared_only=settings.names == "declared",
                          established=settings.established)


def resolve_corpus(articles: list[Article], terms: list[Term], diagnostics: list[Diagnostic],
                   broken: Sequence[NamesOnly] = (), *, declared_only: bool = False,
                   established: frozenset[str] = frozenset()) -> Corpus:
    """Cross-file checks and alias resolution over validated files; `broken` files' names are checked too.

    With `declared_only` (the `names: declared` setting) a name without a term file is an error. A conflict
    between files is blamed on the one that came last: not in `established`, else the newer.
    """
    term_map = _index_terms(terms, diagnostics)
    resolved = list(articles)
    age = Age(established)
    for kind in Kind:
        resolved = _resolve_kind(kind, resolved, broken, term_map, diagnostics, declared_only, age)
    _check_article_slugs(resolved, diagnostics, age)
    _check_regions(term_map, diagnostics)
    diagnostics.extend(term_problems(term_map.values(), resolved))  # loops through aliases, look-alike aliases
    term_map = resolve_states(term_map, resolved, diagnostics)
    ordered = sorted(resolved, key=lambda a: (-a.date.toordinal(), a.slug, a.path))
    # Cross-file messages quote names, which may hold zero-width or other invisible characters.
    shown = {dataclasses.replace(d, message=one_line(d.message)) for d in diagnostics}  # also drops repeats
    return Corpus(tuple(ordered), term_map, tuple(sorted(shown)))


def _index_terms(terms: list[Term], diagnostics: list[Diagnostic]) -> dict[tuple[Kind, str], Term]:
    by_key: dict[tuple[Kind, str], list[Term]] = defaultdict(list)
    for term in terms:
        by_key[(term.kind, term.slug)].append(term)
    out: dict[tuple[Kind, str], Term] = {}
    for key, group in sorted(by_key.items()):
        if len(group) > 1:
            for term in group:
                others = ", ".join(t.path for t in group if t is not term)
                diagnostics.append(Diagnostic(term.path, term.line, "error",
                                              f"'{term.title}' is also defined by {others}"))
        out[key] = group[0]
    _check_aliases(out.values(), diagnostics)
    return out


def _check_aliases(terms: Iterable[Term], diagnostics: list[Diagnostic]) -> None:
    claims: dict[tuple[Kind, str], list[tuple[Term, int]]] = defaultdict(list)
    for term in terms:
        claims[(term.kind, term.title)].append((term, term.line))
        for alias in term.aliases:
            claims[(term.kind, alias.text)].append((term, alias.line))
    for (kind, name), owners in sorted(claims.items(), key=lambda kv: (kv[0][0].value, kv[0][1])):
        if len({t.path for t, _ in owners}) < 2:
            continue
        for term, line in owners:
            others = ", ".join(sorted({t.path for t, _ in owners if t.path != term.path}))
            diagnostics.append(Diagnostic(term.path, line, "error",
                                          f"{kind.singular} name '{name}' is also claimed by {others}"))


def _resolve_kind(kind: Kind, articles: list[Article], broken: Sequence[NamesOnly],
                  terms: Mapping[tuple[Kind, str], Term], diagnostics: list[Diagnostic],
                  declared_only: bool, age: Age) -> list[Article]:
    named: list[Named] = [*articles, *broken]
    mapping = _name_mapping(kind, named, terms, diagnostics, age, warn_near=not declared_only)
    if declared_only:  # the error names the near name; no warning besides it
        _require_declared(kind, named, {t.title for (k, _), t in terms.items() if k is kind}, mapping, diagnostics)
    _check_slug_clashes(kind, named, mapping, terms, diagnostics, age)
    return [_rename(article, kind, mapping) for article in articles]


def _name_mapping(kind: Kind, articles: list[Named], terms: Mapping[tuple[Kind, str], Term],
                  diagnostics: list[Diagnostic], age: Age, *, warn_near: bool = True) -> dict[str, str]:
    """Every spelling used → its canonical name; warn where a spelling only looks alike."""
    exact: dict[str, str] = {}
    by_likeness: dict[str, str] = {}
    for (term_kind, _), term in sorted(terms.items()):
        if term_kind is kind:
            for name in (term.title, *(a.text for a in term.aliases)):
                exact.setdefault(name, term.title)
                by_likeness.setdefault(likeness_key(name), term.title)
    usage = Counter(n.text for a in articles for k, n in a.name_lines if k is kind)
    for name, _ in sorted(usage.items(), key=lambda kv: (-kv[1], kv[0])):
        if name not in exact:
            by_likeness.setdefault(likeness_key(name), name)
    mapping: dict[str, str] = {}
    for article in articles:
        for name_kind, used in article.name_lines:
            if name_kind is not kind:
                continue
            target = exact.get(used.text) or by_likeness.get(likeness_key(used.text), used.text)
            if target != used.text and used.text not in exact:
                diagnostics.append(Diagnostic(article.path, used.line, "warning",
                                              f"unknown {kind.singular} '{used.text}'; "
                                              f"did you mean '{target}'?"))
            mapping[used.text] = target
    if warn_near:
        _warn_near_names(kind, articles, set(exact.values()), mapping, diagnostics, age)
    return mapping


def _require_declared(kind: Kind, articles: list[Named], declared: set[str], mapping: Mapping[str, str],
                      diagnostics: list[Diagnostic]) -> None:
    """`names: declared`: every name must be a term file's title or alias."""
    finder = NearNames(declared)
    for article in articles:
        for name_kind, used in article.name_lines:
            if name_kind is not kind or mapping.get(used.text, used.text) in declared:
                continue
            near = finder.near(used.text) or [n for n in declared if likeness_key(n) == likeness_key(used.text)]
            hint = f"did you mean '{near[0]}'? If not, " if near else ""
            diagnostics.append(Diagnostic(
                article.path, used.line, "error",
                f"{kind.singular} '{used.text}' has no term file, and this site declares its names "
                f"(names: declared in mkdocs.yml); {hint}an editor adds {kind.value}/{slugify(used.text)}.md"))


def _warn_near_names(kind: Kind, articles: list[Named], declared: set[str], mapping: Mapping[str, str],
                     diagnostics: list[Diagnostic], age: Age) -> None:
    """A name without a term file that looks like a term or a name more files use: a likely typo."""
    files: Counter[str] = Counter()
    first: dict[str, tuple[bool, dt.date, str]] = {}
    for article in sorted(articles, key=age):
        for name in {mapping.get(x.text, x.text) for k, x in article.name_lines if k is kind}:
            files[name] += 1
            first.setdefault(name, age(article))
    finder = near_names(frozenset([*declared, *files]))

    def likelier(other: str, name: str) -> bool:
        """`other` is the spelling to suggest: declared, used by more files, or as many but earlier."""
        if other in declared or files[other] != files[name]:
            return other in declared or files[other] > files[name]
        return first[other] < first[name]

    suspects = {name: [n for n in finder.near(name) if likelier(n, name)]
                for name in files if name not in declared and not finder.shares_url(name)}
    for article in articles:
        for name_kind, used in article.name_lines:
            # Declared, already warned as a spelling of a known name, or a URL clash (an error): skipped.
            near = suspects.get(used.text) if name_kind is kind and mapping.get(used.text) == used.text else None
            name = used.text
            if near:
                diagnostics.append(Diagnostic(
                    article.path, used.line, "warning",
                    f"unknown {kind.singular} '{name}'; did you mean '{near[0]}'? If '{name}' is meant, "
                    f"give it a term file ({kind.value}/{slugify(name)}.md): else it makes a new briefing page"))


def _check_slug_clashes(kind: Kind, articles: list[Named], mapping: Mapping[str, str],
                        terms: Mapping[tuple[Kind, str], Term], diagnostics: list[Diagnostic], age: Age) -> None:
    """Names that share a URL: one error per later spelling, at its newest use, and a note at the first."""
    uses: dict[str, list[tuple[Named, Name]]] = defaultdict(list)
    for article in sorted(articles, key=age):
        for name_kind, name in article.name_lines:
            if name_kind is kind:
                uses[mapping.get(name.text, name.text)].append((article, name))
    titles = {t.title: t for (k, _), t in terms.items() if k is kind}
    by_slug: dict[str, set[str]] = defaultdict(set)
    for canonical in [*uses, *titles]:
        by_slug[slugify(canonical)].add(canonical)
    for slug, names in sorted(by_slug.items()):
        if len(names) < 2:
            continue
        first = min(names, key=lambda n: (n not in titles, age(uses[n][0][0]) if uses[n] else _OLDEST, n))
        blamed = {_report_clash(kind, slug, first, uses[other], diagnostics) for other in sorted(names - {first})}
        term = titles.get(first)
        where = (term.path, term.line) if term else (uses[first][0][0].path, uses[first][0][1].line)
        if where not in blamed:  # a note on the very line of the error says nothing new
            diagnostics.append(Diagnostic(*where, "note", f"{kind.singular} '{first}' first defined here"))


_OLDEST = (False, dt.date.min, "")


def _report_clash(kind: Kind, slug: str, first: str, uses: list[tuple[Named, Name]],
                  diagnostics: list[Diagnostic]) -> tuple[str, int]:
    """One error at the newest use of a spelling that shares `first`'s URL; returns where."""
    article, name = uses[-1]
    others = len({a.path for a, _ in uses}) - 1
    more = f" (also used in {others} other file{'s' * (others != 1)})" if others else ""
    diagnostics.append(Diagnostic(
        article.path, name.line, "error",
        f"{kind.singular} '{name.text}' and '{first}' share the URL {briefing_url(kind, slug)}; "
        f"write '{first}', or tell them apart{more}"))
    return article.path, name.line


def _rename(article: Article, kind: Kind, mapping: Mapping[str, str]) -> Article:
    names = tuple(dict.fromkeys(mapping.get(n, n) for n in article.names(kind)))
    if names == article.names(kind):  # most names are canonical already; replace() costs ~10 µs
        return article
    changes: dict[str, object] = {kind.spec.attribute: names}  # the attribute is one of the name tuples
    return dataclasses.replace(article, **changes)  # type: ignore[arg-type]


@dataclass(frozen=True)
class Age:
    """Sort key, older first: a conflict is blamed on the later file. Under `briefing diff` a file the base
    revision lacks is the later one whatever its date (the pull request brings it); else the newer date,
    which most likely just arrived."""

    established: frozenset[str] = frozenset()

    def __call__(self, article: Named) -> tuple[bool, dt.date, str]:
        return article.path not in self.established, article.date, article.path


def _check_article_slugs(articles: list[Article], diagnostics: list[Diagnostic], age: Age) -> None:
    by_slug: dict[str, list[Article]] = defaultdict(list)
    for article in articles:
        by_slug[article.slug].append(article)
    for slug, group in by_slug.items():
        if len(group) < 2:
            continue
        first, *later = sorted(group, key=age)
        for article in later:
            diagnostics.append(Diagnostic(article.path, 1, "error",
                                          f"slug '{slug}' is already used by {first.path}; "
                                          "rename this file or set 'slug:'"))
        diagnostics.append(Diagnostic(first.path, 1, "note", f"slug '{slug}' first defined here"))


def _check_regions(terms: Mapping[tuple[Kind, str], Term], diagnostics: list[Diagnostic]) -> None:
    regions = {t.title: t for (kind, _), t in terms.items() if kind.spec.nested}
    for term in regions.values():
        seen = [term.title]
        parent = term.parent
        while parent and parent in regions and parent not in seen:
            seen.append(parent)
            parent = regions[parent].parent
        if parent in seen:
            diagnostics.append(Diagnostic(term.path, term.line, "error",
                                          f"region parents form a loop: {' → '.join([*seen, parent])}"))


def resolve_states(terms: Mapping[tuple[Kind, str], Term], articles: list[Article],
                   diagnostics: list[Diagnostic]) -> dict[tuple[Kind, str], Term]:
    """Each state of play's key facts point at articles that exist, and its date is no typo."""
    by_ref = {ref: a.slug for a in articles for ref in article_refs(a)}
    newest = max((a.date for a in articles), default=None)
    out = dict(terms)
    for key, term in terms.items():
        if term.state is None:
            continue
        if newest and term.state.as_of > _a_year_after(newest):
            diagnostics.append(Diagnostic(term.path, term.state.line, "error",
                                          f"'as_of' ({term.state.as_of}) is more than a year after the newest "
                                          f"article ({newest}); is the year a typo?"))
        facts = tuple(_resolve_fact(fact, term.path, by_ref, diagnostics) for fact in term.state.key_facts)
        out[key] = dataclasses.replace(term, state=dataclasses.replace(term.state, key_facts=facts))
    return out


def article_refs(article: Article) -> tuple[str, ...]:
    """The ways a key fact may name an article: its slug, its file name, its file name without `.md`."""
    name = PurePosixPath(article.path).name
    return (article.slug, name, name.removesuffix(".md"))


def _resolve_fact(fact: KeyFact, path: str, by_ref: Mapping[str, str], diagnostics: list[Diagnostic]) -> KeyFact:
    slugs = []
    for ref in fact.refs:
        if ref.text in by_ref:
            slugs.append(by_ref[ref.text])
            continue
        close = difflib.get_close_matches(ref.text, list(by_ref), n=1, cutoff=0.8)
        hint = f"; did you mean '{close[0]}'?" if close else ""
        diagnostics.append(Diagnostic(path, ref.line, "error", f"key fact cites '{ref.text}', which is no "
                                                               f"article's slug or file name{hint}"))
    return dataclasses.replace(fact, articles=tuple(dict.fromkeys(slugs)))


def _a_year_after(day: dt.date) -> dt.date:
    return day.replace(year=day.year + 1, day=28) if (day.month, day.day) == (2, 29) else day.replace(year=day.year + 1)
