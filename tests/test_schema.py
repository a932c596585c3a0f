"""The shipped JSON Schemas: up to date with schema.py, and in agreement with the validator."""

from __future__ import annotations

import datetime as dt
import json
import re
from pathlib import Path
from typing import Any

import pytest
import yaml
from click.testing import CliRunner
from jsonschema import Draft7Validator

from generator.cli import cli
from generator.config import read_settings
from generator.corpus import classify_path, load_file
from generator.files import iter_source_paths
from generator.kinds import Kind
from generator.load import LoadError, decode_text, parse_document, split_front_matter
from generator.model import Settings
from generator.schema import ARTICLE_FIELDS

ROOT = Path(__file__).resolve().parent.parent
SCHEMA_DIR = ROOT / "schema"
SITES = Path(__file__).resolve().parent / "sites"
SCHEMA_FILE = {"article": "article.schema.json", Kind.TOPIC: "topic.schema.json",
               Kind.ACTOR: "actor.schema.json", Kind.REGION: "region.schema.json"}


class JsonLoader(yaml.SafeLoader):
    """YAML 1.1 as the validator reads it, with dates as 'YYYY-MM-DD' text: JSON has no dates."""


def _timestamp_text(loader: JsonLoader, node: yaml.ScalarNode) -> str:
    try:
        value = yaml.constructor.SafeConstructor.construct_yaml_timestamp(loader, node)
    except ValueError:  # 2023-13-45: left as text for the schema's `format: date` to refuse
        return str(node.value)
    return (value.date() if isinstance(value, dt.datetime) else value).isoformat()


JsonLoader.add_constructor("tag:yaml.org,2002:timestamp", _timestamp_text)


def front_matter(path: str, data: bytes) -> Any:
    """The front-matter as JSON data; LoadError when the loader refuses the file before any schema applies."""
    text, problems = decode_text(path, data, max_bytes=Settings().max_file_bytes)
    if text is None:
        raise LoadError(problems[0].line, problems[0].message)
    parse_document(path, text)  # tags, merge keys, syntax errors: the loader's checks, not the schema's
    meta = split_front_matter(text)[0]
    if meta is None:
        raise LoadError(1, "no front-matter")
    return yaml.load(meta, Loader=JsonLoader)  # a SafeLoader subclass: no object tags


def validator_for(role: str | Kind) -> Draft7Validator:
    schema = json.loads((SCHEMA_DIR / SCHEMA_FILE[role]).read_text("utf-8"))
    return Draft7Validator(schema, format_checker=Draft7Validator.FORMAT_CHECKER)


def schema_accepts(role: str | Kind, meta: Any) -> bool:
    return bool(validator_for(role).is_valid(meta))


def validator_accepts(path: str, text: str) -> bool:
    """The validator's verdict under `check --strict`: no error and no warning."""
    _, diagnostics = load_file(path, text.encode("utf-8"), Settings())
    return not diagnostics


# --- the shipped files are what schema.py makes ------------------------------------------

def test_shipped_schemas_match_a_fresh_briefing_schema(tmp_path: Path) -> None:
    result = CliRunner().invoke(cli, ["-f", str(ROOT / "mkdocs.yml"), "schema", "--out", str(tmp_path)])
    assert result.exit_code == 0, result.output
    fresh = {p.name: p.read_bytes() for p in tmp_path.iterdir()}
    shipped = {p.name: p.read_bytes() for p in SCHEMA_DIR.glob("*.schema.json")}
    assert fresh == shipped, "schema.py changed: run `.venv/bin/briefing schema` and commit schema/"
    assert sorted(fresh) == sorted(SCHEMA_FILE.values())
    assert all(data.endswith(b"}\n") for data in fresh.values())


def test_schema_check_flag_spots_a_stale_file(tmp_path: Path) -> None:
    args = ["-f", str(ROOT / "mkdocs.yml"), "schema", "--out", str(tmp_path)]
    assert CliRunner().invoke(cli, [*args, "--check"]).exit_code == 1  # nothing there yet
    assert CliRunner().invoke(cli, args).exit_code == 0
    assert CliRunner().invoke(cli, [*args, "--check"]).exit_code == 0
    (tmp_path / "article.schema.json").write_text("{}\n", "utf-8")
    stale = CliRunner().invoke(cli, [*args, "--check"])
    assert stale.exit_code == 1
    assert "article.schema.json: out of date" in stale.output


def patterns(node: Any) -> list[str]:
    if isinstance(node, dict):
        own = [node["pattern"]] if isinstance(node.get("pattern"), str) else []
        return own + [p for value in node.values() for p in patterns(value)]
    return [p for value in node for p in patterns(value)] if isinstance(node, list) else []


# Escapes an ECMA-262 regex in unicode mode accepts (editors' tools compile patterns that way; a `\"`
# made remark-lint-frontmatter-schema refuse the whole schema).
_ECMA_ESCAPES = set("dDsSwWbBnrtfv0") | set("^$\\.*+?()[]{}|/-")


@pytest.mark.parametrize("role", list(SCHEMA_FILE))
def test_patterns_are_portable_regexes(role: str | Kind) -> None:
    found = patterns(json.loads((SCHEMA_DIR / SCHEMA_FILE[role]).read_text("utf-8")))
    assert found
    for pattern in found:
        re.compile(pattern)
        bad = [m.group(1) for m in re.finditer(r"\\(.)", pattern) if m.group(1) not in _ECMA_ESCAPES]
        assert not bad, f"{pattern!r} escapes {bad}"


@pytest.mark.parametrize("role", list(SCHEMA_FILE))
def test_schema_is_valid_and_names_the_validators_fields(role: str | Kind) -> None:
    schema = json.loads((SCHEMA_DIR / SCHEMA_FILE[role]).read_text("utf-8"))
    Draft7Validator.check_schema(schema)
    fields = ARTICLE_FIELDS if role == "article" else Kind(role).spec.term_fields
    assert list(schema["properties"]) == sorted(f.name for f in fields)
    assert schema["required"] == [f.name for f in fields if f.required]
    assert all(schema["properties"][f.name]["description"] == f.description for f in fields)


# --- agreement with the validator on inline cases ----------------------------------------

GOOD = """\
---
title: Kim Jong Un's train crosses into Russia
date: 2023-09-12
region: [Russian Far East, Korean Peninsula]
actors: [Kim Jong Un, Vladimir Putin]
topics: [North Korea–Russia relations]
summary: One sentence.
sources:
  - {publisher: TASS, title: "Train", url: "https://tass.com/1", date: 2023-09-12}
  - {title: Only a title}
updated: 2023-09-13
slug: kim-train-russia
draft: false
---
Body.
"""

# One problem each, as the line that replaces the key's line in GOOD (or is added after `---`).
SCHEMA_MATTERS = {
    "missing required title": ("title: Kim Jong Un's train crosses into Russia\n", ""),
    "missing required date": ("\ndate: 2023-09-12\n", "\n"),
    "title is a list": ("title: Kim Jong Un's train crosses into Russia", "title: [a, b]"),
    "title is a number": ("title: Kim Jong Un's train crosses into Russia", "title: 1984"),
    "title is blank": ("title: Kim Jong Un's train crosses into Russia", "title: '   '"),
    "date is not a date": ("\ndate: 2023-09-12", "\ndate: yesterday"),
    "date has no such day": ("\ndate: 2023-09-12", "\ndate: 2023-13-45"),
    "date is a year": ("\ndate: 2023-09-12", "\ndate: 2023"),
    "date is in another format": ("\ndate: 2023-09-12", "\ndate: 12/09/2023"),
    "updated is not a date": ("updated: 2023-09-13", "updated: soon"),
    "region is a boolean (NO)": ("region: [Russian Far East, Korean Peninsula]", "region: NO"),
    "a name is a boolean (off)": ("topics: [North Korea–Russia relations]", "topics: [off]"),
    "a name is a number": ("actors: [Kim Jong Un, Vladimir Putin]", "actors: [Kim Jong Un, 1234]"),
    "region is a mapping": ("region: [Russian Far East, Korean Peninsula]", "region: {Russia: Far East}"),
    "actors is empty": ("actors: [Kim Jong Un, Vladimir Putin]", "actors: []"),
    "a name is listed twice": ("actors: [Kim Jong Un, Vladimir Putin]", "actors: [Kim Jong Un, Kim Jong Un]"),
    "a name is too long": ("actors: [Kim Jong Un, Vladimir Putin]", f"actors: [{'x' * 201}]"),
    "slug is a path": ("slug: kim-train-russia", "slug: ../x"),
    "slug has capitals": ("slug: kim-train-russia", "slug: Kim-Train"),
    "slug has a double hyphen": ("slug: kim-train-russia", "slug: kim--train"),
    "draft is not a boolean": ("draft: false", "draft: maybe"),
    "sources is text": ("sources:\n  - {publisher: TASS, title: \"Train\", url: \"https://tass.com/1\", "
                        "date: 2023-09-12}\n  - {title: Only a title}", "sources: TASS"),
    "a source is text": ("  - {title: Only a title}", "  - just text"),
    "a source has neither publisher nor title": ("  - {title: Only a title}", "  - {url: 'https://x.org/'}"),
    "a source url is ftp": ("url: \"https://tass.com/1\"", "url: \"ftp://tass.com/1\""),
    "a source url is javascript": ("url: \"https://tass.com/1\"", "url: \"javascript:alert(1)\""),
    "a source url has no host": ("url: \"https://tass.com/1\"", "url: \"https:///x\""),
    "a source date is not a date": ("date: 2023-09-12}", "date: last week}"),
    "a source has an unknown key": ("{title: Only a title}", "{title: Only a title, author: Me}"),
    "unknown key (typo)": ("summary: One sentence.", "sumary: One sentence."),
    "a correction without text": ("draft: false", "draft: false\ncorrections: [{date: 2023-09-14}]"),
    "a correction that is text": ("draft: false", "draft: false\ncorrections: [Was wrong.]"),
    "corrections is text": ("draft: false", "draft: false\ncorrections: Was wrong."),
    "a source's via is a list": ("{title: Only a title}", "{title: Only a title, via: [A, B]}"),
    "redirect_from is a full URL": ("draft: false", "draft: false\nredirect_from: ['https://x.org/a/']"),
    "redirect_from has no leading slash": ("draft: false", "draft: false\nredirect_from: [articles/a/]"),
    "redirect_from ends in neither / nor .html": ("draft: false", "draft: false\nredirect_from: [/a/b]"),
    "redirect_from climbs with ..": ("draft: false", "draft: false\nredirect_from: [/a/../b/]"),
    "redirect_from is the home page": ("draft: false", "draft: false\nredirect_from: /"),
    "redirect_from has a query": ("draft: false", "draft: false\nredirect_from: ['/a/?p=1']"),
}

# What the validator rejects and the schema cannot see (the schema accepts these; the validator must not).
VALIDATOR_ONLY = {
    # YAML reads a timestamp, which the schema's date format accepts; the check refuses the time.
    "a date with a time": ("\ndate: 2023-09-12", "\ndate: 2023-09-12 10:30:00"),
    "updated before date": ("updated: 2023-09-13", "updated: 2023-09-01"),  # compares two values
    "a correction before date": ("draft: false", "draft: false\ncorrections: [{date: 2023-09-01, text: X.}]"),
}

# Edge cases both accept: how YAML reads them, the validator allows them.
BOTH_ACCEPT = {
    "one region as text": ("region: [Russian Far East, Korean Peninsula]", "region: Russian Far East"),
    "an empty optional list": ("topics: [North Korea–Russia relations]", "topics:"),
    "a quoted date": ("\ndate: 2023-09-12", "\ndate: '2023-09-12'"),
    "yes as a boolean": ("draft: false", "draft: yes"),
    "a correction": ("draft: false", "draft: false\ncorrections:\n  - {date: 2023-09-14, text: \"Was wrong.\"}"),
    "a syndicated source": ("{title: Only a title}", "{title: Only a title, publisher: AP, via: The Independent}"),
    "old addresses": ("draft: false", "draft: false\nredirect_from: [/articles/2023/09/kim-train/, /old/a_b.html]"),
    "one old address as text": ("draft: false", "draft: false\nredirect_from: /x/"),
    "a publish date": ("draft: false", "draft: false\npublish: 2023-09-14"),
    "an upper-case url scheme": ("url: \"https://tass.com/1\"", "url: \"HTTPS://tass.com/1\""),
    "no sources": ("sources:\n  - {publisher: TASS, title: \"Train\", url: \"https://tass.com/1\", "
                   "date: 2023-09-12}\n  - {title: Only a title}", "sources: []"),
}

PATH = "content/2023/2023-09-12-kim-train.md"


def variant(old: str, new: str) -> str:
    assert GOOD.count(old) == 1, old
    return GOOD.replace(old, new)


def test_the_good_article_passes_both() -> None:
    assert validator_accepts(PATH, GOOD)
    assert schema_accepts("article", front_matter(PATH, GOOD.encode()))


@pytest.mark.parametrize("case", sorted(SCHEMA_MATTERS))
def test_schema_rejects_what_the_validator_rejects(case: str) -> None:
    text = variant(*SCHEMA_MATTERS[case])
    assert not validator_accepts(PATH, text)
    assert not schema_accepts("article", front_matter(PATH, text.encode()))


@pytest.mark.parametrize("case", sorted(VALIDATOR_ONLY))
def test_checks_only_the_validator_makes(case: str) -> None:
    text = variant(*VALIDATOR_ONLY[case])
    assert not validator_accepts(PATH, text)
    assert schema_accepts("article", front_matter(PATH, text.encode()))


@pytest.mark.parametrize("case", sorted(BOTH_ACCEPT))
def test_both_accept_the_lenient_forms(case: str) -> None:
    text = variant(*BOTH_ACCEPT[case])
    assert validator_accepts(PATH, text)
    assert schema_accepts("article", front_matter(PATH, text.encode()))


TERM_CASES = [
    # (kind, front-matter lines, schema verdict, validator verdict)
    (Kind.ACTOR, "title: Kim Jong Un\nrole: Leader\ncountry: KP\naliases: [Kim Jong-un]", True, True),
    (Kind.ACTOR, "title: Kim Jong Un\ncountry: kp", True, True),           # the validator upper-cases it
    (Kind.ACTOR, "title: Kim Jong Un\ncountry: NO", False, False),         # a boolean
    (Kind.ACTOR, "title: Kim Jong Un\ncountry: PRK", False, False),        # three letters
    (Kind.ACTOR, "title: Kim Jong Un\ncountry: NK", True, False),          # not a country: CLDR's list
    (Kind.ACTOR, "role: Leader", False, False),                            # no title
    (Kind.REGION, "title: Korean Peninsula\ncountries: [KP, KR]\nparent: East Asia", True, True),
    (Kind.REGION, "title: Korean Peninsula\ncountries: KP", True, True),
    (Kind.REGION, "title: Korean Peninsula\nparent: [Asia, East Asia]", False, False),
    (Kind.TOPIC, "title: Summits\nmatch:\n  actors: [Kim Jong Un, Vladimir Putin]", True, True),
    (Kind.TOPIC, "title: Summits\nmatch:\n  actors: Kim Jong Un", True, True),
    (Kind.TOPIC, "title: Summits\nmatch:\n  people: [Kim Jong Un]", False, False),
    (Kind.TOPIC, "title: Summits\nmatch: [Kim Jong Un]", False, False),
    (Kind.TOPIC, "title: Summits\naliasses: [Summit meetings]", False, False),  # unknown key
    (Kind.TOPIC, "title: Summits\nas_of: 2024-01-01\nstatus: steady\nbottom_line: Calm.\nkey_facts: [a, b, c]",
     True, True),
    (Kind.TOPIC, "title: Summits\nas_of: 2024-01-01\nstatus: worse", False, False),     # not in the vocabulary
    (Kind.TOPIC, "title: Summits\nbottom_line: Calm.", False, False),                   # no as_of
    (Kind.TOPIC, "title: Summits\nas_of: 2024-01-01\nkey_facts: [a, b]", False, False),  # too few facts
    (Kind.TOPIC, "title: Summits\nas_of: 2024-01-01\nkey_facts: [a, b, c, d, e, f, g, h]", False, False),
    (Kind.TOPIC, "title: Summits\nas_of: 2024-01-01\nkey_facts: [a, b, {articles: [x]}]", False, False),
    (Kind.ACTOR, "title: Kim Jong Un\nas_of: 2024-01-01\nstatus: steady", False, False),  # actors have none
    (Kind.REGION, "title: Korea\nas_of: 2024-01-01\nwatch:\n  - {text: X, date: 2024-02-01}\n  - Y", True, True),
    (Kind.REGION, "title: Korea\nas_of: 2024-01-01\nwatch:\n  - {text: X, date: soon}", False, False),
    (Kind.REGION, "title: Korea\nfeatured: true", True, True),
]


@pytest.mark.parametrize(("kind", "meta", "schema_ok", "validator_ok"), TERM_CASES)
def test_term_files(kind: Kind, meta: str, schema_ok: bool, validator_ok: bool) -> None:
    path = f"briefings/{kind.value}/{meta.split(chr(10))[0].removeprefix('title: ').lower().replace(' ', '-')}.md"
    text = f"---\n{meta}\n---\nOverview.\n"
    assert schema_accepts(kind, front_matter(path, text.encode())) is schema_ok
    _, diagnostics = load_file(path, text.encode(), Settings())
    assert (not diagnostics) is validator_ok, diagnostics


# --- every sample file of the repository ----------------------------------------------------

def sample_files() -> list[Path]:
    """The sample articles and term files (the home introduction has no schema)."""
    settings = read_settings(ROOT / "mkdocs.yml")
    return [p for p in iter_source_paths(ROOT, settings)
            if classify_path(p.relative_to(ROOT).as_posix(), settings) is not None]


def test_there_are_samples_to_check() -> None:
    roles = {classify_path(p.relative_to(ROOT).as_posix(), Settings()) for p in sample_files()}
    assert {"article", Kind.TOPIC, Kind.ACTOR} <= roles


@pytest.mark.parametrize("path", sample_files(), ids=lambda p: p.relative_to(ROOT).as_posix())
def test_schema_accepts_every_sample_file(path: Path) -> None:
    rel = path.relative_to(ROOT).as_posix()
    role = classify_path(rel, read_settings(ROOT / "mkdocs.yml"))
    assert role is not None
    meta = front_matter(rel, path.read_bytes())
    errors = [e.message for e in validator_for(role).iter_errors(meta)]
    assert not errors, f"{rel}: {errors}"


# --- the golden check cases -------------------------------------------------------------------

# Golden files the validator rejects and the schema accepts, with why no schema can tell.
GOLDEN_VALIDATOR_ONLY = {
    "alias_collision/briefings/topics/arms-transfers.md": "two files claim one name: across files",
    "alias_collision/briefings/topics/military-cooperation.md": "two files claim one name: across files",
    "duplicate_key/content/2023/2023-09-12-train.md": "YAML keeps the last of two keys; JSON has no duplicates",
    "duplicate_slug/content/2024/2024-06-18-train.md": "slugs collide: across files",
    "duplicate_slug/content/2024/2024-06-19-summit.md": "slugs collide: across files",
    "near_name/content/2023/2023-09-12-arrival.md": "a near miss of another file's name: across files",
    "near_name/content/2023/2023-09-13-summit.md": "a near miss of another file's name: across files",
    "near_name/content/2023/2023-09-14-factory.md": "a near miss of another file's name: across files",
    "term_file_errors/briefings/topics/summits.md": "the file name must match the title",
    "all_bad/briefings/topics/summits.md": "the file name must match the title",
    "all_bad/briefings/topics/arms-transfers.md": "two files claim one name: across files",
    "all_bad/briefings/topics/military-cooperation.md": "two files claim one name: across files",
    "unsafe_body/content/2023/2023-09-12-train.md": "the body, not the front-matter",
    "state_of_play_errors/briefings/regions/northland.md": "'as_of' alone dates nothing: a warning, not a shape",
    "state_of_play_errors/briefings/topics/far-future.md": "compares with the newest article: across files",
    "state_of_play_errors/briefings/topics/missing-article.md": "cites an article: across files",
    "state_of_play_errors/content/2024/2024-04-02-early-correction.md": "compares two values",
    "updated_before_date/content/2023/2023-09-12-train.md": "compares two values",
    "reserved_names/briefings/topics/index.md": "its page would take a generated page's path: across pages",
    "reserved_names/content/2024/2024-01-10-talks.md": "its page would take a generated page's path: across pages",
    # all_bad gathers the other cases' files under content/<case>/.
    "all_bad/content/duplicate_key/2023/2023-09-12-train.md": "YAML keeps the last of two keys",
    "all_bad/content/duplicate_slug/2024/2024-06-18-train.md": "slugs collide: across files",
    "all_bad/content/duplicate_slug/2024/2024-06-19-summit.md": "slugs collide: across files",
    "all_bad/content/near_name/2023/2023-09-12-arrival.md": "a near miss of another file's name",
    "typo_name/content/2024/2024-03-10-c.md": "a near miss of another file's name",
    "body_links/content/2024/2024-02-10-later-visit.md": "the body's links, against the built site",
    "names_declared/content/2024/2024-06-19-summit.md": "names against the term files (names: declared)",
    "typo_name/content/2024/2024-04-10-d.md": "a near miss of a term file's name",
    "typo_name/content/2024/2024-06-10-f.md": "a near miss of another file's name",
    "url_clash/content/2024/2024-11-20-speech.md": "names share a URL: across files",
    "url_clash/content/2024/2024-11-21-train.md": "slugs collide: across files",
    "guard_rails/content/2024/2025-03-01-wrong-year.md": "the file's folder, not its front-matter",
    "guard_rails/content/2025/2025-02-01-named-for-another-day.md": "the file's name, not its front-matter",
    "guard_rails/content/2025/2025-05-01-breaking-tass-reports-bridge-works-finished-on-the-tumen.md":
        "the file's name against its title",
    "guard_rails/content/2025/2025-07-12-a-time-in-the-date.md": "YAML's timestamp passes the schema's date",
    "redirect_clash/briefings/actors/kim-jong-un.md": "an old address that is a page's: across pages",
    "redirect_clash/content/2024/2024-01-10-talks-resume.md": "an old address that is a page's: across pages",
    "redirect_clash/content/2024/2024-02-01-talks-stall.md": "two files redirect one address: across files",
    "all_bad/content/near_name/2023/2023-09-13-summit.md": "a near miss of another file's name",
    "all_bad/content/near_name/2023/2023-09-14-factory.md": "a near miss of another file's name",
    "all_bad/content/unsafe_body/2023/2023-09-12-train.md": "the body, not the front-matter",
    "all_bad/content/updated_before_date/2023/2023-09-12-train.md": "compares two values",
}
_GOLDEN_LINE = re.compile(r"^(?P<path>[^:]+):\d+: (error|warning): ")


def golden_files() -> list[tuple[str, str | Kind, Path, bool]]:
    """(case/path, role, file, validator accepts it) for every source file of every golden case."""
    found = []
    for expected in sorted(SITES.glob("*/expected-check.txt")):
        case = expected.parent
        flagged = {m["path"] for line in expected.read_text("utf-8").splitlines() if (m := _GOLDEN_LINE.match(line))}
        settings = read_settings(case / "mkdocs.yml")
        for path in iter_source_paths(case, settings):
            rel = path.relative_to(case).as_posix()
            role = classify_path(rel, settings)
            if rel == f"{settings.docs_dir}/index.md":  # the home page's introduction: no front-matter schema
                continue
            assert role is not None
            found.append((f"{case.name}/{rel}", role, path, rel not in flagged))
    return found


@pytest.mark.parametrize(("name", "role", "path", "valid"), golden_files(), ids=lambda v: str(v)[-60:])
def test_golden_cases(name: str, role: str | Kind, path: Path, valid: bool) -> None:
    """Schema and validator agree on each golden file, except the listed validator-only checks."""
    try:
        meta = front_matter(name, path.read_bytes())
    except LoadError:
        assert not valid  # refused by the loader (encoding, YAML syntax, tags): no schema applies
        return
    if name in GOLDEN_VALIDATOR_ONLY:
        assert not valid and schema_accepts(role, meta), GOLDEN_VALIDATOR_ONLY[name]
    else:
        assert schema_accepts(role, meta) is valid


def test_golden_cases_cover_the_schema_matters() -> None:
    if not golden_files():
        pytest.skip("no golden cases under tests/sites")
    refused = [n for n, role, path, valid in golden_files() if not valid and n not in GOLDEN_VALIDATOR_ONLY]
    assert len(refused) >= 10


# --- the contributor's guide documents the same fields ------------------------------------

GUIDE = ROOT / "briefings" / "contributing.md"


def guide_table(heading: str) -> list[list[str]]:
    """The body rows of the first table after `heading` in the guide, cells stripped of backticks."""
    lines = GUIDE.read_text("utf-8").splitlines()
    start = next(i for i, line in enumerate(lines) if line.startswith(heading))
    rows = []
    for line in lines[start + 1:]:
        if rows and not line.startswith("|"):
            break
        if line.startswith("| `"):
            rows.append([cell.strip().strip("`") for cell in line.strip("|").split("|")])
    return rows


def test_guide_lists_every_article_field_and_which_are_required() -> None:
    rows = guide_table("### Article fields")
    assert [(r[0], r[1] == "yes") for r in rows] == [(f.name, f.required) for f in ARTICLE_FIELDS]


def test_guide_lists_every_term_field_with_its_files() -> None:
    expected: dict[str, tuple[set[str], bool]] = {}
    for kind, fields in ((k, k.spec.term_fields) for k in Kind):
        for f in fields:
            expected.setdefault(f.name, (set(), f.required))[0].add(kind.value)
    rows = guide_table("### Term-file fields")
    shown = [(r[0], r[1], r[2] == "yes") for r in rows]
    every = {k.value for k in Kind}
    assert sorted(shown) == sorted((name, "all" if kinds == every else "/".join(sorted(kinds)), required)
                                   for name, (kinds, required) in expected.items())
