"""Unit tests of the loader's edge cases and of the one slugify; every input is built inline."""

from __future__ import annotations

import datetime as dt
import importlib.util
from collections.abc import Iterator
from pathlib import Path
from types import ModuleType

import pytest
import yaml

from generator import load
from generator.corpus import build_corpus
from generator.load import LoadError, Located, decode_text, parse_document, split_front_matter
from generator.model import Diagnostic, Settings
from generator.slugs import is_slug, likeness_key, slugify

ARTICLE = "---\ntitle: T\ndate: 2023-09-12\nregion: R\nactors: [A]\n---\nBody.\n"
LIMIT = 2 * 1024 * 1024


@pytest.fixture(scope="module")
def pure_load() -> Iterator[ModuleType]:
    """A second copy of generator.load built as if libyaml were missing (pure-Python PyYAML)."""
    c_loader = yaml.CSafeLoader
    del yaml.CSafeLoader
    try:
        spec = importlib.util.find_spec("generator.load")
        assert spec is not None and spec.loader is not None
        module = importlib.util.module_from_spec(spec)
        spec.loader.exec_module(module)
    finally:
        yaml.CSafeLoader = c_loader
    assert not issubclass(module._Loader, yaml.CSafeLoader)
    yield module


@pytest.fixture(params=["libyaml", "pure"])
def loader(request: pytest.FixtureRequest, pure_load: ModuleType) -> ModuleType:
    """generator.load with either YAML loader: both must give the same answers."""
    return load if request.param == "libyaml" else pure_load


def key_lines(meta: Located | None) -> dict[str, int]:
    assert meta is not None
    return {str(key.value): key.line for key, _ in meta.items()}


def parse(module: ModuleType, data: bytes) -> load.Document:
    text, problems = decode_text("a.md", data, max_bytes=LIMIT)
    assert text is not None, problems
    document: load.Document = module.parse_document("a.md", text)
    return document


def load_error(module: ModuleType, text: str) -> LoadError:
    with pytest.raises(module.LoadError) as info:
        module.parse_document("a.md", text)
    error: LoadError = info.value
    return error


# --- decoding ---------------------------------------------------------------------------

def test_bom_is_removed_and_lines_stay_true(loader: ModuleType) -> None:
    doc = parse(loader, b"\xef\xbb\xbf" + ARTICLE.encode())
    assert key_lines(doc.meta) == {"title": 2, "date": 3, "region": 4, "actors": 5}
    assert doc.body == "Body.\n" and doc.body_line == 7


@pytest.mark.parametrize("newline", [b"\r\n", b"\r"], ids=["crlf", "cr-only"])
def test_crlf_and_cr_line_ends(loader: ModuleType, newline: bytes) -> None:
    doc = parse(loader, ARTICLE.encode().replace(b"\n", newline))
    assert key_lines(doc.meta) == {"title": 2, "date": 3, "region": 4, "actors": 5}
    assert doc.body == "Body.\n" and "\r" not in doc.body


def test_not_utf8_names_the_byte_and_its_line() -> None:
    text, problems = decode_text("a.md", b"---\rtitle: Caf\xe9\r", max_bytes=LIMIT)
    assert text is None
    assert problems == [Diagnostic("a.md", 2, "error",
                                   "file is not UTF-8 (byte 0xe9 at offset 14); save it as UTF-8")]


def test_not_utf8_after_a_bom_counts_the_bom() -> None:
    _, problems = decode_text("a.md", b"\xef\xbb\xbf---\r\n\r\nx\xff", max_bytes=LIMIT)
    assert [(p.line, p.message) for p in problems] == [
        (3, "file is not UTF-8 (byte 0xff at offset 11); save it as UTF-8")]


@pytest.mark.parametrize("newline", ["\n", "\r\n", "\r"])
def test_nul_bytes_are_a_diagnostic_with_their_line(newline: str) -> None:
    data = f"---{newline}title: a{newline}date: \x00{newline}".encode()
    text, problems = decode_text("a.md", data, max_bytes=LIMIT)
    assert text is None
    assert [(p.line, p.message) for p in problems] == [(3, "file holds NUL bytes; is it a binary file?")]


def test_a_file_over_the_size_limit_is_refused_unread() -> None:
    data = ARTICLE.encode() + b"x" * 100
    text, problems = decode_text("a.md", data, max_bytes=len(data) - 1)
    assert text is None and len(problems) == 1
    assert problems[0].line == 1 and "over the size limit" in problems[0].message
    assert decode_text("a.md", data, max_bytes=len(data))[0] is not None


def test_the_size_limit_reaches_the_check() -> None:
    settings = Settings(max_file_bytes=100)
    corpus = build_corpus({"content/big.md": ARTICLE.encode() + b"x" * 100}, settings)
    assert [d.message for d in corpus.diagnostics] == [
        "file is over the size limit of 100 bytes; split it or trim it"]


@pytest.mark.parametrize("data", [b"", b"\n\n", b" \t\r\n", b"\xef\xbb\xbf"])
def test_empty_files(data: bytes) -> None:
    text, problems = decode_text("a.md", data, max_bytes=LIMIT)
    assert text is None and [(p.line, p.severity) for p in problems] == [(1, "error")]
    assert "file is empty" in problems[0].message


# --- splitting ----------------------------------------------------------------------------

def test_blank_lines_after_the_opening_fence(loader: ModuleType) -> None:
    doc = parse(loader, b"---\n\n\ntitle: T\n\n  \ndate: 2023-13-45\n---\nBody\n")
    assert key_lines(doc.meta) == {"title": 4, "date": 7}
    assert doc.body_line == 9


def test_blank_lines_before_the_opening_fence_are_named() -> None:
    error = load_error(load, "\n\n---\ntitle: T\n---\n")
    assert error.line == 3 and "must start on line 1" in error.message


def test_missing_closing_fence() -> None:
    error = load_error(load, "---\ntitle: T\ndate: 2023-09-12\n\nBody without a fence.\n")
    assert (error.line, error.message) == (
        1, "front-matter opened on line 1 is never closed; add a line '---' after it")


def test_dots_close_front_matter_too(loader: ModuleType) -> None:
    doc = parse(loader, b"---\ntitle: T\n...\nBody\n---\nmore\n")
    assert key_lines(doc.meta) == {"title": 2}
    assert doc.body == "Body\n---\nmore\n" and doc.body_line == 4


def test_fences_may_carry_trailing_spaces() -> None:
    assert split_front_matter("--- \ntitle: T\n---\t\nBody") == ("title: T", 2, "Body", 4)


def test_no_front_matter() -> None:
    assert split_front_matter("# Title\n\nBody\n---\n") == (None, 0, "# Title\n\nBody\n---\n", 1)
    assert parse_document("a.md", "Just text").meta is None


@pytest.mark.parametrize("text", ["---\n---\nBody", "---\n\n  \n---\nBody", "---\n# only a comment\n---\n"])
def test_empty_front_matter_is_an_empty_mapping(loader: ModuleType, text: str) -> None:
    doc = loader.parse_document("a.md", text)
    assert doc.meta == loader.Located((), 2, kind="map")


def test_empty_front_matter_reports_missing_keys_not_a_crash() -> None:
    corpus = build_corpus({"content/a.md": b"---\n---\nBody\n"}, Settings())
    assert {d.message.split(" (")[0] for d in corpus.diagnostics} == {
        f"missing required key '{k}'" for k in ("title", "date", "region", "actors")}


def test_front_matter_over_its_own_limit() -> None:
    text = "---\ntitle: " + "x" * (load.MAX_FRONT_MATTER_BYTES + 1) + "\n---\n"
    error = load_error(load, text)
    assert error.line == 2 and "front-matter is over" in error.message


# --- YAML ---------------------------------------------------------------------------------

def test_values_keep_their_lines_and_raw_text(loader: ModuleType) -> None:
    doc = loader.parse_document("a.md", "---\ntitle: T\nregion: NO\nactors:\n  - A\n  -   B\n---\n")
    pairs = {str(k.value): v for k, v in doc.meta.items()}
    assert (pairs["region"].value, pairs["region"].raw, pairs["region"].line) == (False, "NO", 3)
    assert [(item.value, item.line) for item in pairs["actors"].value] == [("A", 5), ("B", 6)]
    assert pairs["actors"].kind == "seq"


def test_dates(loader: ModuleType) -> None:
    doc = loader.parse_document("a.md", "---\na: 2023-09-12\nb: 2023-13-45\nc: 2023-09-12T23:30:00-05:00\n---\n")
    values = {str(k.value): v.value for k, v in doc.meta.items()}
    assert values["a"] == dt.date(2023, 9, 12)
    assert isinstance(values["b"], loader.InvalidDate) and values["b"] == "2023-13-45"
    assert values["c"] == dt.date(2023, 9, 12)  # the calendar date as written, not shifted to UTC


@pytest.mark.parametrize("separator", ["\u2028", "\u2029", "\x85"])
def test_unicode_line_separators_do_not_shift_lines(loader: ModuleType, separator: str) -> None:
    """YAML counts U+2028, U+2029 and NEL as line breaks; editors and `grep -n` do not."""
    doc = loader.parse_document("a.md", f'---\ntitle: "a{separator}b"\ndate: 2023-09-12\nregion: R\n---\n')
    assert key_lines(doc.meta) == {"title": 2, "date": 3, "region": 4}


def test_syntax_error_line_and_context(loader: ModuleType) -> None:
    error = load_error(loader, "---\ntitle: T\nregion: [R\nactors: [A]\n---\n")
    assert error.line == 4
    assert error.message.startswith("front-matter is not valid YAML: ")
    assert "started on line 3" in error.message


def test_syntax_error_hints(loader: ModuleType) -> None:
    assert "quote a value that holds ': '" in load_error(loader, "---\ntitle: Kim: visit\n---\n").message
    tab = load_error(loader, "---\ntitle: T\nactors:\n\t- A\n---\n")
    assert tab.line == 4 and "(indent with spaces, not tabs)" in tab.message


@pytest.mark.parametrize("char", ["\x01", "\x1b", "\x7f", "\ufffe"])
def test_characters_yaml_refuses(loader: ModuleType, char: str) -> None:
    error = load_error(loader, f"---\ntitle: éé\nsummary: a{char}b\n---\n")
    assert error.line == 3
    assert error.message == (f"front-matter holds the character U+{ord(char):04X}, "
                             "which YAML does not allow; delete it")


def test_deep_nesting(loader: ModuleType) -> None:
    error = load_error(loader, "---\ntitle: " + "[" * 20 + "]" * 20 + "\n---\n")
    assert error.line == 2 and f"more than {load.MAX_DEPTH} levels" in error.message
    assert "\n" not in error.message


def test_very_deep_nesting_is_an_error_not_a_crash(loader: ModuleType) -> None:
    error = load_error(loader, "---\ntitle: " + "[" * 20000 + "]" * 20000 + "\n---\n")
    assert error.line == 2 and "\n" not in error.message


def test_alias_bomb_is_refused_without_expanding(loader: ModuleType) -> None:
    levels = ["a0: &a0 [x, x, x, x, x, x, x, x, x, x]"]
    levels += [f"a{i}: &a{i} [{', '.join([f'*a{i - 1}'] * 10)}]" for i in range(1, 10)]
    error = load_error(loader, "---\n" + "\n".join(levels) + "\n---\n")
    assert error.line == 2 and "anchors and aliases" in error.message


def test_a_single_alias_is_refused_at_its_anchor(loader: ModuleType) -> None:
    error = load_error(loader, "---\ntitle: &t T\nsummary: *t\n---\n")
    assert error.line == 2


@pytest.mark.parametrize(("value", "shown"), [
    ("!!python/object/apply:os.system ['touch {marker}']", "!!python/object/apply:os.system"),
    ("!!python/object/new:pathlib.Path ['{marker}']", "!!python/object/new:pathlib.Path"),
    ("!!python/name:os.system", "!!python/name:os.system"),
    ("!!binary aGVsbG8=", "!!binary"),
    ("!!set {a, b}", "!!set"),
    ("!custom x", "!custom"),
])
def test_tags_are_refused_and_never_run(loader: ModuleType, tmp_path: Path, value: str, shown: str) -> None:
    marker = tmp_path / "pwned"
    error = load_error(loader, f"---\ndate: 2023-09-12\ntitle: {value.replace('{marker}', str(marker))}\n---\n")
    assert (error.line, error.message) == (3, f"YAML tag '{shown}' is not allowed; remove it")
    assert not marker.exists()


def test_merge_keys_are_refused(loader: ModuleType) -> None:
    error = load_error(loader, "---\nbase: &b {region: R}\n<<: *b\n---\n")
    assert (error.line, error.message) == (3, "YAML merge keys ('<<') are not allowed; write the keys out")


def test_explicit_safe_tags_are_fine(loader: ModuleType) -> None:
    doc = loader.parse_document("a.md", "---\nregion: !!str NO\nactors: !!seq [!!str 12]\n---\n")
    pairs = {str(k.value): v for k, v in doc.meta.items()}
    assert pairs["region"].value == "NO" and pairs["actors"].value[0].value == "12"


def test_a_huge_integer_is_an_error_not_a_crash(loader: ModuleType) -> None:
    error = load_error(loader, "---\ntitle: T\nsummary: " + "9" * 5000 + "\n---\n")
    assert error.line == 3 and "too long" in error.message


def test_several_documents_are_refused(loader: ModuleType) -> None:
    """`---` inside front-matter ends it, so a second document can only come after `...`."""
    error = load_error(loader, "---\n--- x\ntitle: T\n---\n")
    assert error.line == 3


# --- slugs ----------------------------------------------------------------------------------

@pytest.mark.parametrize(("name", "slug"), [
    ("Kim Jong Un", "kim-jong-un"),
    ("North Korea–Russia relations", "north-korea-russia-relations"),
    ("Korean People's Army", "korean-peoples-army"),
    ("Владимир Путин", "vladimir-putin"),
    ("Ünited Nätions", "united-nations"),
    ("  Sergei   Shoigu ", "sergei-shoigu"),
    ("Kim\u200bJong\ufeffUn", "kimjongun"),
    ("../x", "x"),
    ("/etc/passwd", "etc-passwd"),
])
def test_slugify(name: str, slug: str) -> None:
    assert slugify(name) == slug and is_slug(slug)


def test_slugify_names_without_letters_get_a_stable_distinct_slug() -> None:
    assert slugify("???") == slugify("???") != slugify("!!!")
    assert is_slug(slugify("???")) and slugify("???").startswith("n-")


@pytest.mark.parametrize("text", ["kim-jong-un", "a", "2023", "a1-b2"])
def test_is_slug_accepts(text: str) -> None:
    assert is_slug(text)


@pytest.mark.parametrize("text", ["", "Kim", "a--b", "-a", "a-", "a_b", "../x", "a/b", "é", "a b", "a\n"])
def test_is_slug_refuses(text: str) -> None:
    assert not is_slug(text)


@pytest.mark.parametrize("variant", ["Kim Jong-un", "kim jong un", "KIM  JONG  UN", "Kim Jŏng Ŭn", "Kim\u200bJong Un"])
def test_likeness_key_folds_case_spacing_hyphens_accents(variant: str) -> None:
    assert likeness_key(variant) == likeness_key("Kim Jong Un")


@pytest.mark.parametrize(("a", "b"), [("Kim Jong Un", "Kim Jong Il"), ("???", "!!!"), ("Putin", "Putina")])
def test_likeness_key_keeps_different_names_apart(a: str, b: str) -> None:
    assert likeness_key(a) != likeness_key(b)
