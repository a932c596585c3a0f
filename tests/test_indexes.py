"""Index pages: where each briefing is filed (sort_as, country) and when a letter bar appears."""

from __future__ import annotations

from generator.index import Briefing
from generator.model import Kind, Term
from generator.pages import LETTERS_FROM, OTHER_COUNTRY, index_groups


def actor(name: str, *, sort_as: str = "", country: str = "") -> Briefing:
    slug = name.lower().replace(" ", "-")
    term = Term(Kind.ACTOR, slug, name, f"briefings/actors/{slug}.md", 2, sort_as=sort_as, country=country)
    return Briefing(Kind.ACTOR, slug, name, (), term)


def names(groups: list[tuple[str, str, list[Briefing]]]) -> list[tuple[str, list[str]]]:
    return [(heading, [b.name for b in items]) for heading, _, items in groups]


def test_people_sort_by_their_sort_as_and_actors_group_by_country() -> None:
    briefings = [actor("Vladimir Putin", sort_as="Putin, Vladimir", country="RU"),
                 actor("Sergei Lavrov", sort_as="Lavrov, Sergei", country="RU"),
                 actor("Kim Jong Un", country="KP"), actor("Ängela Zed"), actor("Antony Blinken", sort_as="Blinken")]
    groups, letters = index_groups(Kind.ACTOR, briefings)
    assert names(groups) == [("North Korea", ["Kim Jong Un"]), ("Russia", ["Sergei Lavrov", "Vladimir Putin"]),
                             (OTHER_COUNTRY, ["Ängela Zed", "Antony Blinken"])]
    assert not letters


def test_short_lists_are_one_list_and_long_ones_get_letters() -> None:
    few = [actor(f"Name {i:02d}") for i in range(LETTERS_FROM - 1)]
    groups, letters = index_groups(Kind.TOPIC, few)
    assert [heading for heading, _, _ in groups] == [""] and not letters
    many = [*few, actor("Zulu"), actor("Ängström"), actor("9 May parade")]
    groups, letters = index_groups(Kind.TOPIC, many)
    assert letters and [heading for heading, _, _ in groups] == ["#", "A", "N", "Z"]
    assert [anchor for _, anchor, _ in groups] == ["letter-0", "letter-a", "letter-n", "letter-z"]
