"""The serve cache is exact: after any sequence of edits, a cached rebuild equals a fresh build, byte for byte.

200 examples in `make test`; `BRIEFING_REBUILD_EXAMPLES=2000` runs more (the figure is in the README).
"""

from __future__ import annotations

import dataclasses
import os
from collections.abc import Callable

from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from generator.cache import SiteCache
from generator.model import Settings
from generator.site import build_site

settings.register_profile("rebuild", max_examples=int(os.environ.get("BRIEFING_REBUILD_EXAMPLES", "200")),
                          deadline=None, suppress_health_check=[HealthCheck.too_slow])
SETTINGS = Settings(site_url="https://briefing.example/", site_name="Test")
ACTORS = ("Alice Archer", "Bob Baker", "Carol Cole", "Dan Dee")
TOPICS = ("Talks", "Trade", "Energy")
REGIONS = ("Northland", "Southland")
TITLES = ("First meeting", "Trade deal", "State visit", "A renamed meeting", "Talks resume")


@dataclasses.dataclass
class Draft:
    """One article as the editor has it now."""

    title: str
    date: str
    actors: tuple[str, ...]
    topics: tuple[str, ...]
    region: str
    draft: bool = False

    def text(self) -> bytes:
        draft = "draft: true\n" if self.draft else ""
        return (f"---\ntitle: {self.title}\ndate: {self.date}\nregion: [{self.region}]\n"
                f"actors: [{', '.join(self.actors)}]\ntopics: [{', '.join(self.topics)}]\n{draft}---\n"
                f"Body of {self.title}.\n").encode()


class Site:
    """An editor's working copy: articles by file name, and one term file they may rewrite."""

    def __init__(self) -> None:
        self.articles = {
            "2024-01-10-first": Draft("First meeting", "2024-01-10", ACTORS[:2], TOPICS[:1], REGIONS[0]),
            "2024-02-05-second": Draft("Second meeting", "2024-02-05", ACTORS[1:3], TOPICS[:1], REGIONS[0]),
            "2024-03-01-deal": Draft("Trade deal", "2024-03-01", ACTORS[1:2], TOPICS[1:2], REGIONS[1]),
        }
        self.term = "---\ntitle: Alice Archer\naliases: [A. Archer]\nrole: Envoy\n---\nOverview.\n"

    def sources(self) -> dict[str, bytes]:
        files = {f"content/{name[:4]}/{name}.md": draft.text() for name, draft in self.articles.items()}
        return {**files, "briefings/actors/alice-archer.md": self.term.encode(), "briefings/index.md": b"Welcome.\n"}

    def pick(self, n: int) -> str:
        return sorted(self.articles)[n % len(self.articles)]


def add(site: Site, n: int) -> None:
    day = 1 + n % 27
    site.articles[f"2024-0{1 + n % 5}-{day:02d}-new-{n}"] = Draft(
        TITLES[n % len(TITLES)], f"2024-0{1 + n % 5}-{day:02d}", (ACTORS[n % 4], ACTORS[(n + 1) % 4]),
        (TOPICS[n % 3],), REGIONS[n % 2])


def delete(site: Site, n: int) -> None:
    if len(site.articles) > 1:
        del site.articles[site.pick(n)]


def rename(site: Site, n: int) -> None:
    name = site.pick(n)
    site.articles[f"{name[:10]}-renamed-{n}"] = site.articles.pop(name)


def retitle(site: Site, n: int) -> None:
    site.articles[site.pick(n)].title = TITLES[n % len(TITLES)]


def change_name(site: Site, n: int) -> None:
    draft = site.articles[site.pick(n)]
    draft.actors = (ACTORS[n % 4], *draft.actors[1:]) if n % 2 else (*draft.actors, "A. Archer")
    draft.topics = () if n % 3 == 0 else (TOPICS[n % 3],)


def change_term(site: Site, n: int) -> None:
    site.term = site.term.replace("Envoy", f"Envoy {n}").replace("A. Archer", "Archer, A.") if n % 2 else (
        "---\ntitle: Alice Archer\nsummary: Chief negotiator.\n---\nNew overview.\n")


def toggle_draft(site: Site, n: int) -> None:
    draft = site.articles[site.pick(n)]
    draft.draft = not draft.draft


EDITS: tuple[Callable[[Site, int], None], ...] = (add, delete, rename, retitle, change_name, change_term, toggle_draft)


@settings(settings.get_profile("rebuild"))
@given(edits=st.lists(st.tuples(st.sampled_from(EDITS), st.integers(0, 50)), min_size=1, max_size=6),
       drafts=st.booleans(), defer_charts=st.booleans())
def test_a_cached_rebuild_equals_a_fresh_build(edits: list[tuple[Callable[[Site, int], None], int]],
                                               drafts: bool, defer_charts: bool) -> None:
    site, config = Site(), dataclasses.replace(SETTINGS, include_drafts=drafts)
    cache = SiteCache(defer_charts=defer_charts)
    cache.build_site(site.sources(), config)
    for edit, n in edits:  # in sequence, as an editor works under `mkdocs serve`
        edit(site, n)
        cached = cache.build_site(site.sources(), config)
        fresh = build_site(site.sources(), config, defer_charts=defer_charts)
        assert cached.diagnostics == fresh.diagnostics, edit.__name__
        assert dict(cached.pages) == dict(fresh.pages), edit.__name__
