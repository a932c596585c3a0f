"""Issue 12: no silent loss. Region parent loops through aliases, aliases that only look like another term's
name, and match rules naming what matches nothing are all reported."""

from __future__ import annotations

from pathlib import Path

from .kit import article, make_repo, run_check

A = "content/2023/2023-09-12-train.md"


def term(title: str, **keys: str) -> str:
    return "\n".join(["---", f"title: {title}", *(f"{k}: {v}" for k, v in keys.items()), "---", "", "Text.", ""])


def test_region_parent_loop_through_an_alias(tmp_path: Path) -> None:
    root = make_repo(tmp_path, {
        A: article(region=["North"]),
        "briefings/regions/north.md": term("North", aliases="[Upper Land]", parent="South"),
        "briefings/regions/south.md": term("South", parent="Upper Land")})
    run = run_check(root)
    assert run.exit_code == 1
    assert any("region parents form a loop: " in line and "North" in line and "South" in line
               for line in run.diagnostics), run.lines


def test_alias_that_folds_into_another_terms_name(tmp_path: Path) -> None:
    root = make_repo(tmp_path, {
        A: article(actors=["Kim Jong Un"]),
        "briefings/actors/kim-jong-un.md": term("Kim Jong Un"),
        "briefings/actors/kim-yo-jong.md": term("Kim Yo Jong", aliases="[kim-jong-UN]")})
    run = run_check(root)
    assert run.exit_code == 1
    assert "briefings/actors/kim-yo-jong.md:3: error: alias 'kim-jong-UN' reads like 'Kim Jong Un' of " \
           "briefings/actors/kim-jong-un.md; an alias must name only its own actor" in run.diagnostics


def test_match_rule_naming_an_alias_or_a_typo_warns(tmp_path: Path) -> None:
    root = make_repo(tmp_path, {
        A: article(actors=["Kim Jong Un", "Vladimir Putin"]),
        "briefings/actors/kim-jong-un.md": term("Kim Jong Un", aliases="[Kim Jong-un]"),
        "briefings/topics/summits.md": term("Summits", match="{actors: [Kim Jong-un, Vladimir Putn]}")})
    run = run_check(root, "--strict")
    assert run.exit_code == 1
    lines = "\n".join(run.diagnostics)
    assert "briefings/topics/summits.md:2: warning: match: 'Kim Jong-un' is an alias of 'Kim Jong Un'; " \
           "rules match canonical names: write 'Kim Jong Un'" in lines
    assert "briefings/topics/summits.md:2: warning: match: no article names the actor 'Vladimir Putn'; " \
           "did you mean 'Vladimir Putin'?" in lines
