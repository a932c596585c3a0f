"""Kinds of briefing: what makes topics, regions and actors differ, one record per kind.

In the spirit of Nikola's `Taxonomy` and Hugo's singular/plural taxonomy pairs: code that treats
the kinds alike loops over `Kind`; code that needs a difference reads it from `kind.spec`.
"""

from __future__ import annotations

from dataclasses import dataclass
from enum import StrEnum
from typing import Literal

FieldType = Literal[
    "text", "date", "names", "sources", "bool", "slug", "country", "countries", "name", "match",
    "choice", "facts", "watch", "corrections", "paths",
]


@dataclass(frozen=True)
class Field:
    """One front-matter key: its type, whether it is required, and what it is for."""

    name: str
    type: FieldType
    description: str
    required: bool = False
    non_empty: bool = False
    choices: tuple[str, ...] = ()  # a "choice" field's vocabulary
    needs: str = ""  # another key that must be present with this one


class Kind(StrEnum):
    """A taxonomy of briefings; the value is the URL folder and the term-file folder."""

    TOPIC = "topics"
    REGION = "regions"
    ACTOR = "actors"

    @property
    def spec(self) -> KindSpec:
        return KINDS[self]

    @property
    def singular(self) -> str:
        return KINDS[self].singular

    @property
    def label(self) -> str:
        return KINDS[self].label


@dataclass(frozen=True)
class KindSpec:
    """Everything that differs between kinds of briefing."""

    kind: Kind
    singular: str  # "topic": messages, chart ids, a briefing page's kicker
    plural: str  # "topics": the URL folder and the term-file folder
    article_key: str  # the article front-matter key holding the names ("region" is singular)
    attribute: str  # the Article attribute holding the resolved names
    term_fields: tuple[Field, ...]  # a term file's front-matter keys
    weight: int  # how much a shared name counts towards two articles being related
    filter_name: str  # Pagefind filter name on article pages
    ignore_case: bool = False  # `briefing import` finds the names in any case (topics are phrases)
    nested: bool = False  # terms may name a parent term of the same kind
    has_status: bool = False  # a state of play may say where it is heading (a situation has; a person not)

    @property
    def label(self) -> str:
        return self.plural.capitalize()


_TERM_COMMON: tuple[Field, ...] = (
    Field("title", "text", "The canonical name, exactly as articles write it.", required=True),
    Field("aliases", "names", "Other spellings that mean the same term."),
    Field("summary", "text", "One sentence for indexes and the briefing's header."),
    Field("sort_as", "text", "Where indexes file it, e.g. 'Putin, Vladimir' (people by surname)."),
    Field("redirect_from", "paths", "Old addresses of this briefing, e.g. /actors/kim-jong-il/: each sends "
                                    "readers here."),
)

#: The fixed vocabulary of a state of play's `status`, in the order of the scale.
STATUSES: tuple[str, ...] = ("escalating", "steady", "easing", "dormant", "resolved")
#: How many key facts a state of play holds: enough to inform, few enough to read in a minute.
KEY_FACTS_MIN, KEY_FACTS_MAX = 3, 7


def _state_fields(*, has_status: bool) -> tuple[Field, ...]:
    """A term file's state of play: the editors' dated assessment; `as_of` is required with any other key."""
    status = Field("status", "choice", f"Where it is heading: {', '.join(STATUSES)}.", choices=STATUSES,
                   needs="as_of")
    return (
        Field("as_of", "date", "When the editors last assessed it, YYYY-MM-DD; required with any state-of-play key."),
        Field("bottom_line", "text", "The state of play in one or two sentences.", needs="as_of"),
        *((status,) if has_status else ()),
        Field("key_facts", "facts", f"{KEY_FACTS_MIN} to {KEY_FACTS_MAX} short facts, each text or "
                                    "{text, articles: [slug or file name]}.", needs="as_of"),
        Field("watch", "watch", "What to watch next, each text or {text, date}.", needs="as_of"),
        Field("featured", "bool", "true: the home page opens with this briefing's state of play."),
    )

KINDS: dict[Kind, KindSpec] = {
    Kind.TOPIC: KindSpec(
        Kind.TOPIC, "topic", "topics", article_key="topics", attribute="topics",
        term_fields=(*_TERM_COMMON, *_state_fields(has_status=True), Field(
            "match", "match", "Also gather articles listing all these names, e.g. {actors: [A, B]}.")),
        weight=3, filter_name="topic", ignore_case=True, has_status=True),
    Kind.REGION: KindSpec(
        Kind.REGION, "region", "regions", article_key="region", attribute="regions",
        term_fields=(*_TERM_COMMON, *_state_fields(has_status=True),
                     Field("parent", "name", "The region this one lies in."),
                     Field("countries", "countries", "ISO 3166-1 alpha-2 codes of the countries it covers.")),
        weight=1, filter_name="region", nested=True, has_status=True),
    Kind.ACTOR: KindSpec(
        Kind.ACTOR, "actor", "actors", article_key="actors", attribute="actors",
        term_fields=(*_TERM_COMMON, *_state_fields(has_status=False),
                     Field("role", "text", "Position or function, e.g. 'President of Russia'."),
                     Field("country", "country", "ISO 3166-1 alpha-2 code, e.g. KP.")),
        weight=2, filter_name="actor"),
}

#: The order an article's front-matter and its page list the kinds in: where, who, what.
ARTICLE_ORDER: tuple[Kind, ...] = (Kind.REGION, Kind.ACTOR, Kind.TOPIC)

#: Article front-matter key → the kind whose names it holds; also the keys of a topic's `match`, A–Z.
BY_ARTICLE_KEY: dict[str, Kind] = dict(sorted((spec.article_key, kind) for kind, spec in KINDS.items()))
