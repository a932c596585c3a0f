"""The article front-matter schema as data (term files: `kinds.py`); the validator and the JSON Schemas read it."""

from __future__ import annotations

from typing import Any

from .kinds import BY_ARTICLE_KEY, Field

ARTICLE_FIELDS: tuple[Field, ...] = (
    Field("title", "text", "The headline, in the site's own words.", required=True),
    Field("date", "date", "The day of the development, YYYY-MM-DD.", required=True),
    Field("region", "names", "Where it happened: one name or a list.", required=True, non_empty=True),
    Field("actors", "names", "Who acted: people and bodies.", required=True, non_empty=True),
    Field("topics", "names", "The briefings it belongs to."),
    Field("summary", "text", "One or two sentences for listings and feeds; default: first paragraph."),
    Field("sources", "sources", "The reports it draws on."),
    Field("updated", "date", "The day it was last revised, YYYY-MM-DD."),
    Field("slug", "slug", "URL name; default: from the file name."),
    Field("draft", "bool", "true: shown by `mkdocs serve`, left out of builds."),
)

SOURCE_FIELDS: tuple[Field, ...] = (
    Field("publisher", "text", "Who published it (TASS, Reuters...)."),
    Field("title", "text", "The report's headline."),
    Field("url", "text", "An http(s) link to the report."),
    Field("date", "date", "When it was published, YYYY-MM-DD."),
)

def json_schema_for(fields: tuple[Field, ...], *, title: str) -> dict[str, Any]:
    """A JSON Schema for one kind of front-matter (draft-07: the draft editors' tools all read)."""
    return {
        "$schema": "http://json-schema.org/draft-07/schema#",
        "title": title,
        "type": "object",
        "properties": {f.name: _json_type(f) for f in fields},
        "required": [f.name for f in fields if f.required],
        # Unknown keys are warnings, and `briefing check --strict` (CI) fails on warnings.
        "additionalProperties": False,
    }


_NAME = {"type": "string", "minLength": 1, "maxLength": 200, "pattern": r"^[^\n]*\S[^\n]*$"}
_DATE = {"type": "string", "format": "date", "pattern": r"^\d{4}-\d{2}-\d{2}$"}
# The validator upper-cases codes and checks them against CLDR's list; the schema checks the shape.
_CODE = {"type": "string", "pattern": "^[A-Za-z]{2}$"}
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
    else:
        schema.update(_SIMPLE_JSON[field.type])
    return schema


_SIMPLE_JSON: dict[str, dict[str, Any]] = {
    "text": {"type": "string", "minLength": 1, "pattern": r"\S"},
    "date": _DATE,
    "bool": {"type": "boolean"},
    "slug": {"type": "string", "pattern": "^[a-z0-9]+(-[a-z0-9]+)*$"},
    "country": _CODE,
    "countries": {"oneOf": [_CODE, {"type": "array", "items": _CODE}]},
    "name": _NAME,
    "match": {
        "type": "object",
        "properties": {key: _names(non_empty=True) for key in BY_ARTICLE_KEY},
        "additionalProperties": False,
    },
}
