"""Hostile and broken files, each with the exact diagnostics `briefing check` must print.

Every case runs the real command in-process: an exception (a traceback for a contributor) fails it,
and so does any diagnostic line that differs from the one written here.
"""

from __future__ import annotations

import time
from collections.abc import Mapping
from dataclasses import dataclass
from pathlib import Path

import pytest

from .kit import make_repo, run_check

A = "content/2023/2023-09-12-train.md"
B = "content/2024/2024-01-05-train.md"
KEYS = ("title: Train arrives", "date: 2023-09-12", "region: Russia", "actors: [Kim Jong Un]")
TITLE, DATE, REGION, ACTORS = KEYS


def fm(*lines: str, body: str = "Body.\n") -> str:
    """A file: front-matter of the given YAML lines (line 2 onwards), then the body."""
    return "---\n" + "\n".join(lines) + "\n---\n" + body


def e(path: str, line: int, message: str) -> str:
    return f"{path}:{line}: error: {message}"


def w(path: str, line: int, message: str) -> str:
    return f"{path}:{line}: warning: {message}"


@dataclass(frozen=True)
class Case:
    files: Mapping[str, str | bytes]
    expect: tuple[str, ...]


LAUGHS = ['a: &a ["lol", "lol", "lol", "lol", "lol", "lol", "lol", "lol", "lol"]'] + [
    f"{chr(98 + i)}: &{chr(98 + i)} [{', '.join(['*' + chr(97 + i)] * 9)}]" for i in range(8)]
DEEP_BLOCK = "x:\n" + "".join("  " * i + f"k{i}:\n" for i in range(1, 40)) + "  " * 40 + "v: 1"
NOT_A_PATH = "'slug' must be lowercase letters, digits and single hyphens (a slug is a name, never a path)"
DATE_RANGE = "'date' must lie between 1000-01-01 and 2999-12-31"
HOSTILE_BODY = "HTML event attribute '{}=' is not allowed in the body"

CASES: dict[str, Case] = {
    # --- YAML that tries to run code or exhaust the parser ---------------------------------------
    "object_tag_apply": Case({A: fm('title: !!python/object/apply:os.system ["touch pwned"]', *KEYS[1:])},
                             (e(A, 2, "YAML tag '!!python/object/apply:os.system' is not allowed; remove it"),)),
    "object_tag_name": Case({A: fm(*KEYS[:3], "actors: !!python/name:os.system")},
                            (e(A, 5, "YAML tag '!!python/name:os.system' is not allowed; remove it"),)),
    "object_tag_on_document": Case({A: fm("--- !!python/object/new:os.system [ls]")},
                                   (e(A, 2, "YAML tag '!!python/object/new:os.system' is not allowed; remove it"),)),
    "local_tag": Case({A: fm(*KEYS[:2], "region: !include /etc/passwd", ACTORS)},
                      (e(A, 4, "YAML tag '!include' is not allowed; remove it"),)),
    "billion_laughs": Case({A: fm(*KEYS, *LAUGHS)},
                           (e(A, 6, "YAML anchors and aliases ('&', '*') are not allowed in front-matter"),)),
    "merge_key": Case({A: fm("<<: {title: T}", *KEYS[1:])},
                      (e(A, 2, "YAML merge keys ('<<') are not allowed; write the keys out"),)),
    "deep_flow_nesting": Case({A: fm("title: " + "[" * 10_000 + "]" * 10_000, *KEYS[1:])},
                              (e(A, 2, "front-matter is not valid YAML: exceeded maximum nesting depth"),)),
    "deep_block_nesting": Case({A: fm(*KEYS, DEEP_BLOCK)},
                               (e(A, 22, "front-matter is nested more than 16 levels deep"),)),
    "huge_number": Case({A: fm("title: " + "9" * 5000, *KEYS[1:])},
                        (e(A, 2, "a number too long to read; quote it if it is text"),)),
    "huge_front_matter": Case({A: fm(*KEYS, "summary: " + "x" * 600_000)},
                              # the file limit (256 KiB since issue 12) refuses it before the front-matter's
                              (e(A, 1, "file is over the size limit of 262,144 bytes; split it or trim it"),)),
    "front_matter_is_a_list": Case({A: fm("- a", "- b")}, (e(A, 2, "front-matter must be 'key: value' lines"),)),
    # --- bytes and encodings ---------------------------------------------------------------------
    "nul_bytes": Case({A: b"\x00" * 4096}, (e(A, 1, "file holds NUL bytes; is it a binary file?"),)),
    "nul_in_body": Case({A: fm(*KEYS, body="one\ntwo \x00\n")},
                        (e(A, 8, "file holds NUL bytes; is it a binary file?"),)),
    "latin1": Case({A: fm(*KEYS, "summary: café").encode("latin-1")},
                   (e(A, 6, "file is not UTF-8 (byte 0xe9 at offset 91); save it as UTF-8"),)),
    "mixed_encodings": Case({A: fm(*KEYS, "summary: Ким", body="naïve\n").encode().replace(
        "naïve".encode(), "naïve".encode("latin-1"))},
        (e(A, 8, "file is not UTF-8 (byte 0xef at offset 101); save it as UTF-8"),)),
    "utf16": Case({A: fm(*KEYS).encode("utf-16")},
                  (e(A, 1, "file is not UTF-8 (byte 0xff at offset 0); save it as UTF-8"),)),
    "crlf_keeps_line_numbers": Case({A: fm(*KEYS, "slug: Bad Slug").replace("\n", "\r\n")},
                                    (e(A, 6, "'slug' must be lowercase letters, digits and single hyphens, "
                                             "got 'Bad Slug'; try 'bad-slug'"),)),
    "cr_only_keeps_line_numbers": Case({A: fm(*KEYS, "slug: Bad Slug").replace("\n", "\r")},
                                       (e(A, 6, "'slug' must be lowercase letters, digits and single hyphens, "
                                                "got 'Bad Slug'; try 'bad-slug'"),)),
    "bom_then_bad_key": Case({A: b"\xef\xbb\xbf" + fm(*KEYS, "regoin: x").encode()},
                             (w(A, 6, "unknown key 'regoin'; did you mean 'region'?"),)),
    "control_character_escape": Case({A: fm(r'title: "\e[31mRed"', *KEYS[1:])},
                                     (e(A, 2, "'title' holds the invisible control character U+001B; delete it"),)),
    "noncharacter_breaks_xml": Case({A: fm(r'title: "A\uFFFE"', *KEYS[1:])},
                                    (e(A, 2, "'title' holds the non-character U+FFFE; delete it"),)),
    "invisible_title": Case({A: fm(r'title: "\u200b\u200b"', *KEYS[1:])},
                            (e(A, 2, "'title' holds only invisible characters"),)),
    "bidi_override_in_name": Case({A: fm(*KEYS[:3], r'actors: ["Kim \u202eJong"]')},
                                  (e(A, 5, "a name in 'actors' holds the text-direction control character "
                                           "U+202E; delete it"),)),
    # --- structure -------------------------------------------------------------------------------
    "empty_file": Case({A: ""}, (e(A, 1, "file is empty; start it with front-matter: '---', 'title: ...', '---'"),)),
    "front_matter_never_closed": Case({A: "---\n" + "\n".join(KEYS) + "\nBody.\n"},
                                      (e(A, 1, "front-matter opened on line 1 is never closed; add a line '---' "
                                               "after it"),)),
    "two_front_matter_blocks": Case({A: fm(*KEYS, body="---\ntitle: Again\n---\nBody.\n")},
                                    (w(A, 7, "a second front-matter block (lines 7–9) is read as body text; "
                                             "merge it into the first"),)),
    # --- slugs that try to be paths, names that collide -------------------------------------------
    "slug_dot_dot": Case({A: fm(*KEYS, "slug: ../../x")}, (e(A, 6, f"{NOT_A_PATH}, got '../../x'; try 'x'"),)),
    "slug_etc_passwd": Case({A: fm(*KEYS, "slug: /etc/passwd")},
                            (e(A, 6, f"{NOT_A_PATH}, got '/etc/passwd'; try 'etc-passwd'"),)),
    "slug_backslashes": Case({A: fm(*KEYS, r"slug: '..\..\x'")}, (e(A, 6, NOT_A_PATH + r", got '..\..\x'; try 'x'"),)),
    # A conflict is blamed once, on the newer file; the older one gets a note.
    "same_slug_two_files": Case({A: fm(*KEYS), B: fm(TITLE, "date: 2024-01-05", REGION, ACTORS)},
                                (f"{A}:1: note: slug 'train' first defined here",
                                 e(B, 1, f"slug 'train' is already used by {A}; rename this file or set 'slug:'"))),
    "names_with_one_url": Case({A: fm(*KEYS[:3], "actors: [Ёлка, Elka]")},
                               (e(A, 5, "actor 'Ёлка' and 'Elka' share the URL actors/elka/; write 'Elka', "
                                        "or tell them apart"),)),
    "zero_width_space_merges": Case({A: fm(*KEYS[:3], 'actors: ["Kim\u200bJong Un", Kim Jong Un]')},
                                    (w(A, 5, r"unknown actor 'Kim\u200bJong Un'; did you mean 'Kim Jong Un'?"),)),
    # Both spellings look alike and share a URL: merged into one briefing, with a warning.
    "combining_accent_is_one_name": Case({A: fm(*KEYS[:3], 'actors: ["Zoë", "Zoe\u0308"]')},
                                         (w(A, 5, "unknown actor 'Zoë'; did you mean 'Zoe\u0308'?"),)),
    "thousands_of_actors": Case({A: fm(*KEYS[:3], "actors: [" + ", ".join(f"Actor {i}" for i in range(3000)) + "]")},
                                (e(A, 5, "'actors' lists 3,000 names; the limit is 50: keep the main ones"),)),
    "name_too_long": Case({A: fm(*KEYS[:3], "actors: [" + "x" * 201 + "]")},
                          (e(A, 5, "a name in 'actors' is 201 characters long; the limit is 200"),)),
    "boolean_region": Case({A: fm(*KEYS[:2], "region: NO", ACTORS)},
                           (e(A, 4, "'region' is a boolean (NO): YAML reads yes/no/on/off/true/false as booleans; "
                                    'quote it: "NO"'),)),
    # --- dates -----------------------------------------------------------------------------------
    "date_year_one": Case({A: fm(TITLE, "date: 0001-01-01", *KEYS[2:])},
                          (e(A, 3, f"{DATE_RANGE}, got '0001-01-01'; is the year a typo?"),)),
    "date_year_9999": Case({A: fm(TITLE, "date: 9999-12-31", *KEYS[2:])},
                           (e(A, 3, f"{DATE_RANGE}, got '9999-12-31'; is the year a typo?"),)),
    "date_no_such_day": Case({A: fm(TITLE, "date: 2023-02-29", *KEYS[2:])},
                             (e(A, 3, "'date: 2023-02-29' is not a real day: February 2023 has 28 days"),)),
    # --- active content in bodies ----------------------------------------------------------------
    "body_script": Case({A: fm(*KEYS, body="<script>alert(1)</script>\n")},
                        (e(A, 7, "<script> is not allowed in the body; to show it as text write &lt;script&gt; or "
                                 "put it in a fenced code block"),)),
    "body_attr_list_onclick": Case({A: fm(*KEYS, body='Text.\n\n# Heading {: onclick="alert(1)" }\n')},
                                   (e(A, 9, HOSTILE_BODY.format("onclick")),)),
    "body_attr_list_on_link": Case({A: fm(*KEYS, body="[a](https://example.org){ onmouseover=alert(1) }\n")},
                                   (e(A, 7, HOSTILE_BODY.format("onmouseover")),)),
    "body_quoted_angle_bracket": Case({A: fm(*KEYS, body='<img alt=">" onerror=alert(1) src=x>\n')},
                                      (e(A, 7, HOSTILE_BODY.format("onerror")),)),
    "body_javascript_link": Case({A: fm(*KEYS, body="[x](jav&#x09;ascript:alert(1))\n")},
                                 (e(A, 7, "'javascript:' links are not allowed in the body; "
                                          "link to an http(s) page"),)),
}


@pytest.mark.parametrize("name", sorted(CASES))
def test_exact_diagnostics(name: str, tmp_path: Path) -> None:
    case = CASES[name]
    run = run_check(make_repo(tmp_path, case.files))
    assert run.diagnostics == list(case.expect)
    assert run.exit_code == (1 if any(": error: " in line for line in case.expect) else 0)


def test_there_are_at_least_thirty_cases() -> None:
    assert len(CASES) >= 30


def test_object_tag_runs_nothing(tmp_path: Path) -> None:
    marker = tmp_path / "pwned"
    text = fm(f'title: !!python/object/apply:os.system ["touch {marker}"]', *KEYS[1:])
    assert run_check(make_repo(tmp_path / "repo", {A: text})).exit_code == 1
    assert not marker.exists()


# Bodies written to make a backtracking regular expression take minutes; the check must stay linear.
SLOW_BODIES = {
    "lone_angle_bracket_then_spaces": "<" + " " * 1_000_000 + "x",
    "fence_then_spaces": "```" + " " * 1_000_000 + "!",
    "unclosed_tags": "<a " * 300_000,
    "unclosed_quotes": '<a "' * 250_000,
    "fences_never_closed": "```x\n" * 200_000,
    "braces": "{ " * 500_000,
    "many_scripts": "<script>\n" * 100_000,
}


@pytest.mark.parametrize("name", sorted(SLOW_BODIES))
def test_pathological_bodies_are_checked_in_linear_time(name: str, tmp_path: Path) -> None:
    root = make_repo(tmp_path, {A: fm(*KEYS, body=SLOW_BODIES[name])})
    config = root / "mkdocs.yml"  # past the 256 KiB default, so the body reaches the scanner and the budget
    config.write_text(config.read_text().replace("content_dir: content", "content_dir: content\n"
                                                 "      max_file_bytes: 4194304"))
    started = time.process_time()
    run = run_check(root)
    assert time.process_time() - started < 10, "about a second on a slow machine; minutes when quadratic"
    # '<a ' and '<a "' left open cost Python-Markdown quadratic time: the budget refuses them (issue 12).
    assert run.exit_code == (1 if name in ("many_scripts", "unclosed_tags", "unclosed_quotes") else 0), run.lines
