"""Cross-file checks that keep content from vanishing quietly: region parent loops through aliases,
aliases that read like another term's name, and `match:` rules naming what no article uses."""

from __future__ import annotations

import difflib
from collections.abc import Iterable, Mapping, Sequence

from .kinds import Kind
from .model import Article, Diagnostic, Term
from .slugs import likeness_key


def term_problems(terms: Iterable[Term], articles: Sequence[Article]) -> list[Diagnostic]:
    """Every problem of the three kinds, over validated terms and articles with canonical names."""
    listed = list(terms)
    return [*parent_loops(listed), *folded_aliases(listed), *match_warnings(listed, articles)]


def _spellings(terms: Iterable[Term], kind: Kind) -> dict[str, Term]:
    """Every name and alias of one kind's terms → its term (first claim wins; clashes are reported elsewhere)."""
    found: dict[str, Term] = {}
    for term in terms:
        if term.kind is kind:
            for name in (term.title, *(a.text for a in term.aliases)):
                found.setdefault(name, term)
    return found


def parent_loops(terms: Sequence[Term]) -> list[Diagnostic]:
    """Region parents followed through aliases; a loop hides every region in it from the home page."""
    regions = _spellings(terms, Kind.REGION)
    problems = []
    for term in (t for t in terms if t.kind is Kind.REGION and t.parent):
        seen = [term.title]
        parent = regions.get(term.parent)
        while parent is not None and parent.title not in seen:
            seen.append(parent.title)
            parent = regions.get(parent.parent) if parent.parent else None
        if parent is not None and parent.title == term.title:
            problems.append(Diagnostic(term.path, term.line, "error",
                                       f"region parents form a loop: {' → '.join([*seen, term.title])}"))
    return problems


def folded_aliases(terms: Sequence[Term]) -> list[Diagnostic]:
    """An alias that folds (case, accents, punctuation) onto another term's name or alias would take that
    term's articles: `kim-jong-UN` on one actor captured another's."""
    problems = []
    for kind in Kind:
        owners: dict[str, tuple[str, Term]] = {}
        for term in (t for t in terms if t.kind is kind):
            for name in (term.title, *(a.text for a in term.aliases)):
                owners.setdefault(likeness_key(name), (name, term))
        for term in (t for t in terms if t.kind is kind):
            for alias in term.aliases:
                name, owner = owners.get(likeness_key(alias.text), (alias.text, term))
                if owner.path != term.path and name != alias.text:  # exact clashes: corpus._check_aliases
                    problems.append(Diagnostic(
                        term.path, alias.line, "error",
                        f"alias '{alias.text}' reads like '{name}' of {owner.path}; an alias must name only "
                        f"its own {kind.singular}"))
    return problems


def match_warnings(terms: Sequence[Term], articles: Sequence[Article]) -> list[Diagnostic]:
    """`match:` rules compare canonical names; an alias or a name no article uses matches nothing."""
    used: dict[Kind, set[str]] = {kind: {n for a in articles for n in a.names(kind)} for kind in Kind}
    spellings = {kind: _spellings(terms, kind) for kind in Kind}
    problems = []
    for term in (t for t in terms if t.match):
        for kind, names in term.match:
            for name in names:
                message = _match_problem(name, kind, used[kind], spellings[kind])
                if message:
                    problems.append(Diagnostic(term.path, term.line, "warning", f"match: {message}"))
    return problems


def _match_problem(name: str, kind: Kind, used: set[str], spellings: Mapping[str, Term]) -> str:
    owner = spellings.get(name)
    if owner is not None and owner.title != name:
        return f"'{name}' is an alias of '{owner.title}'; rules match canonical names: write '{owner.title}'"
    if name in used or owner is not None:
        return ""
    close = difflib.get_close_matches(name, sorted(used | {t.title for t in spellings.values()}), n=1)
    hint = f"; did you mean '{close[0]}'?" if close else ""
    return f"no article names the {kind.singular} '{name}'{hint}"
