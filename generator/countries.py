"""ISO 3166-1 alpha-2 country codes and their English names, from Babel's CLDR data."""

from __future__ import annotations

from functools import cache

from babel import Locale


@cache
def _territories() -> dict[str, str]:
    # CLDR also lists regions ('001', 'EU') and placeholders ('ZZ'); keep two-letter countries.
    return {
        code: name
        for code, name in Locale("en").territories.items()
        if len(code) == 2 and code.isalpha() and code not in {"ZZ", "EU", "EZ", "UN", "QO"}
    }


def country_name(code: str) -> str | None:
    """'KP' → 'North Korea'; None for a code that is not a country."""
    return _territories().get(code)
