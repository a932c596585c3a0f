"""The article front-matter schema as data (term files: `kinds.py`); the validator and the JSON Schemas read it."""

from __future__ import annotations

from typing import Any

from .kinds import BY_ARTICLE_KEY, KEY_FACTS_MAX, KEY_FACTS_MIN, Field

ARTICLE_FIELDS: tuple[Field, ...] = (
    Field("title", "text", "The headline, in the site's own words.", required=True),
    Field("date", "date", "The day of the development, YYYY-MM-DD.", required=True),
    Field("region", "names", "Where it happened: one name or a list.", required=True, non_empty=True),
    Field("actors", "names", "Who acted: people and bodies.", required=True, non_empty=True),
    Field("topics", "names", "The briefings it belongs to."),
    Field("summary", "text", "One or two sentences for listings and feeds; default: first paragraph."),
    Field("sources", "sources", "The reports it draws on."),
    Field("updated", "date", "The day it was last revised, YYYY-MM-DD."),
    Field("corrections", "corrections", "Dated corrections, each {date, text}; not dated before the article."),
    Field("slug", "slug", "URL name; default: from the file name."),
    Field("draft", "bool", "true: shown by `mkdocs serve`, left out of builds."),
    Field("publish", "date", "The day published builds start showing it, YYYY-MM-DD; default: 'date' "
                             "(a future date holds the article back too)."),
    Field("redirect_from", "paths", "Old addresses of this article, e.g. /articles/2024/01/old-slug/: each "
                                    "sends readers here."),
)

SOURCE_FIELDS: tuple[Field, ...] = (
    Field("publisher", "text", "Who published it (TASS, Reuters...)."),
    Field("title", "text", "The report's headline."),
    Field("url", "text", "An http(s) link to the report."),
    Field("date", "date", "When it was published, YYYY-MM-DD."),
    Field("via", "text", "Where a syndicated copy ran, e.g. The Independent; 'publisher' is the agency that wrote it."),
)

CORRECTION_FIELDS: tuple[Field, ...] = (
    Field("date", "date", "The day of the correction, YYYY-MM-DD.", required=True),
    Field("text", "text", "What was wrong and what is right.", required=True),
)

KEY_FACT_FIELDS: tuple[Field, ...] = (
    Field("text", "text", "The fact, in one short sentence.", required=True),
    Field("articles", "names", "The articles that support it: slugs or file names."),
)

WATCH_FIELDS: tuple[Field, ...] = (
    Field("text", "text", "What to watch.", required=True),
    Field("date", "date", "When it is expected, YYYY-MM-DD."),
)


def json_schema_for(fields: tuple[Field, ...], *, title: str) -> dict[str, Any]:
    """A JSON Schema for one kind of front-matter (draft-07: the draft editors' tools all read)."""
    return {
        "$schema": "http://json-schema.org/draft-07/schema#",
        "title": title,
        "type": "object",
        "properties": {f.name: _json_type(f) for f in fields},
        "required": [f.name for f in fields if f.required],
        **({"dependencies": needs} if (needs := {f.name: [f.needs] for f in fields if f.needs}) else {}),
        # Unknown keys are warnings, and `briefing check --strict` (CI) fails on warnings.
        "additionalProperties": False,
    }


_NAME = {"type": "string", "minLength": 1, "maxLength": 200, "pattern": r"^[^\n]*\S[^\n]*$"}
_DATE = {"type": "string", "format": "date", "pattern": r"^\d{4}-\d{2}-\d{2}$"}
# The validator upper-cases codes and checks them against CLDR's list; the schema checks the shape.
_CODE = {"type": "string", "pattern": "^[A-Za-z]{2}$"}
# An old address (checks.check_paths): a site path ending in '/' or '.html'.
_OLD_PATH = {"type": "string", "minLength": 2,
             "pattern": r"^/([A-Za-z0-9_~-][A-Za-z0-9._~-]*/)*([A-Za-z0-9_~-][A-Za-z0-9._~-]*\.html)?$"}
# What the validator's `_is_web_url` accepts: an http(s) scheme in any case, a host, no spaces or quotes.
# No escaped quotes in the pattern: editors' tools read it as an ECMA-262 regex, which refuses them.
_URL = "^[hH][tT][tT][pP][sS]?://[^\\s\"'<>/?#]+([/?#][^\\s\"'<>]*)?$"


def _names(*, non_empty: bool) -> dict[str, Any]:
    """One name or a list; an empty key (`topics:`) reads as no names, as the validator does."""
    choices: list[dict[str, Any]] = [
        _NAME, {"type": "array", "items": _NAME, "minItems": int(non_empty), "uniqueItems": True}]
    return {"oneOf": choices if non_empty else [*choices, {"type": "null"}]}


def _json_type(field: Field) -> dict[str, Any]:
    schema: dict[str, Any] = {"description": field.description}
    if field.type == "names":
        schema.update(_names(non_empty=field.non_empty))
    elif field.type == "sources":
        source = json_schema_for(SOURCE_FIELDS, title="source")
        del source["$schema"]
        source["properties"]["url"]["pattern"] = _URL
        schema.update(type="array", items={**source, "anyOf": [{"required": ["publisher"]},
                                                               {"required": ["title"]}]})
    elif field.type == "choice":
        schema.update(type="string", enum=list(field.choices))
    elif field.type in _LIST_OF:
        item_fields, minimum, maximum, text_alone = _LIST_OF[field.type]
        schema.update(type="array", items=_item_schema(item_fields, text_alone=text_alone))
        schema.update({"minItems": minimum} if minimum else {})
        schema.update({"maxItems": maximum} if maximum else {})
    else:
        schema.update(_SIMPLE_JSON[field.type])
    return schema


def _item_schema(fields: tuple[Field, ...], *, text_alone: bool) -> dict[str, Any]:
    """A list item: a mapping of `fields`, or (when `text_alone`) just its text."""
    mapping = json_schema_for(fields, title="item")
    del mapping["$schema"], mapping["title"]
    return {"oneOf": [_SIMPLE_JSON["text"], mapping]} if text_alone else mapping


#: List fields: (item fields, min items, max items, whether an item may be plain text).
_LIST_OF: dict[str, tuple[tuple[Field, ...], int, int, bool]] = {
    "facts": (KEY_FACT_FIELDS, KEY_FACTS_MIN, KEY_FACTS_MAX, True),
    "watch": (WATCH_FIELDS, 0, 0, True),
    "corrections": (CORRECTION_FIELDS, 0, 0, False),
}

_SIMPLE_JSON: dict[str, dict[str, Any]] = {
    "text": {"type": "string", "minLength": 1, "pattern": r"\S"},
    "date": _DATE,
    "bool": {"type": "boolean"},
    "slug": {"type": "string", "pattern": "^[a-z0-9]+(-[a-z0-9]+)*$"},
    "country": _CODE,
    "countries": {"oneOf": [_CODE, {"type": "array", "items": _CODE}]},
    "name": _NAME,
    "paths": {"oneOf": [_OLD_PATH, {"type": "array", "items": _OLD_PATH, "maxItems": 20, "uniqueItems": True}]},
    "match": {
        "type": "object",
        "properties": {key: _names(non_empty=True) for key in BY_ARTICLE_KEY},
        "additionalProperties": False,
    },
}
