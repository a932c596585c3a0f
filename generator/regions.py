"""Regions nest: each region term file may name a `parent`; a region's briefing rolls up its descendants."""

from __future__ import annotations

from collections import defaultdict
from collections.abc import Iterable, Mapping
from dataclasses import dataclass
from functools import cached_property

from .kinds import Kind
from .model import Term


@dataclass(frozen=True)
class RegionTree:
    """(region, its parent) pairs read from the region term files, A–Z; names are canonical titles."""

    pairs: tuple[tuple[str, str], ...] = ()

    @cached_property
    def parents(self) -> Mapping[str, str]:
        return dict(self.pairs)

    def ancestors(self, name: str) -> tuple[str, ...]:
        """The regions `name` lies in, nearest first; a loop (an error reported elsewhere) stops the walk."""
        out: list[str] = []
        parent = self.parents.get(name)
        while parent and parent != name and parent not in out:
            out.append(parent)
            parent = self.parents.get(parent)
        return tuple(out)

    def children(self, name: str) -> tuple[str, ...]:
        """The regions whose parent is `name`, A–Z."""
        return self._children.get(name, ())

    def descendants(self, name: str) -> tuple[str, ...]:
        """Every region below `name`, depth first and A–Z within each level."""
        out: list[str] = []
        stack = list(reversed(self.children(name)))
        while stack:
            child = stack.pop()
            if child in out or child == name:  # a loop
                continue
            out.append(child)
            stack.extend(reversed(self.children(child)))
        return tuple(out)

    def depth(self, name: str) -> int:
        return len(self.ancestors(name))

    @cached_property
    def _children(self) -> dict[str, tuple[str, ...]]:
        found: dict[str, list[str]] = defaultdict(list)
        for child, parent in self.pairs:
            found[parent].append(child)
        return {parent: tuple(sorted(kids, key=str.casefold)) for parent, kids in found.items()}


def region_tree(terms: Iterable[Term]) -> RegionTree:
    """The tree of region term files; a parent written as an alias means the region it is an alias of."""
    regions = [t for t in terms if t.kind is Kind.REGION]
    canonical = {t.title: t.title for t in regions}
    for term in regions:
        for alias in term.aliases:
            canonical.setdefault(alias.text, term.title)
    return RegionTree(tuple(sorted((t.title, canonical.get(t.parent, t.parent)) for t in regions if t.parent)))


def rolled_up(regions: Iterable[str], tree: RegionTree) -> tuple[str, ...]:
    """The region briefings an article belongs to: its own regions and every region they lie in."""
    out = dict.fromkeys(regions)
    for name in list(out):
        out.update(dict.fromkeys(tree.ancestors(name)))
    return tuple(out)


def within(article_regions: Iterable[str], region: str, tree: RegionTree) -> tuple[str, ...]:
    """Where an article rolled up into `region` happened: its regions below `region` (none if listed there)."""
    names = tuple(article_regions)
    if region in names:
        return ()
    return tuple(n for n in names if region in tree.ancestors(n))
