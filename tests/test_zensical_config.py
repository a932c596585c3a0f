"""`generate --for zensical`: mkdocs.yml translated into zensical.toml (read back with tomllib)."""

from __future__ import annotations

import tomllib
from pathlib import Path
from typing import Any

import pytest
import yaml
from adversarial.kit import REPO, make_repo, run_cli

from generator.urls import CSS_URI
from generator.zensical import load_mkdocs_config, zensical_project, zensical_toml


def translated(root: Path) -> dict[str, Any]:
    text = zensical_toml(zensical_project(load_mkdocs_config(root / "mkdocs.yml")))
    return tomllib.loads(text)["project"]


def test_repository_settings_carry_over() -> None:
    source = yaml.load((REPO / "mkdocs.yml").read_text("utf-8"), Loader=yaml.BaseLoader)  # !ENV as text
    project = translated(REPO)
    assert project["site_name"] == source["site_name"]
    assert project["site_description"] == source["site_description"]
    assert project["site_url"] == "http://127.0.0.1:8000/"  # the !ENV default, as MkDocs reads it
    assert project["docs_dir"] == "docs"
    assert project["nav"] == [{k: v} for item in source["nav"] for k, v in item.items()]
    theme = project["theme"]
    assert theme["features"] == source["theme"]["features"]
    assert theme["palette"] == source["theme"]["palette"]
    assert theme["font"] is False  # offline by design, in both builders
    assert project["extra_css"] == [CSS_URI]  # the plugin adds it in MkDocs; Zensical needs it said


def test_markdown_extensions_in_mkdocs_order_with_options() -> None:
    extensions = translated(REPO)["markdown_extensions"]
    # MkDocs runs toc, tables and fenced_code first, then mkdocs.yml's list; Zensical gets the same list.
    assert list(extensions) == ["toc", "tables", "fenced_code", "admonition", "attr_list", "md_in_html",
                                "pymdownx.superfences"]
    assert extensions["toc"] == {"permalink": True}


def test_no_plugin_no_theme_overrides() -> None:
    text = zensical_toml(zensical_project(load_mkdocs_config(REPO / "mkdocs.yml")))
    assert "briefing" not in tomllib.loads(text)["project"].get("plugins", {})
    assert "plugins" not in tomllib.loads(text)["project"]
    assert tomllib.loads(text)["project"]["theme"]["custom_dir"] == "overrides"  # ours, not mkdocs.yml's
    assert text.startswith("# Written by `briefing generate --for zensical` from mkdocs.yml")


def test_site_url_from_the_environment(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setenv("SITE_URL", "https://briefing.example/nk/")
    assert translated(REPO)["site_url"] == "https://briefing.example/nk/"


def test_awkward_values_survive_the_round_trip(tmp_path: Path) -> None:
    config = (REPO / "mkdocs.yml").read_text("utf-8").replace(
        "site_name: North Korea–Russia Briefing", 'site_name: "Kim\'s \\"train\\" \\\\ 𐀀 \\x7f tab\\tend"')
    config = config.replace("  - tables\n", "  - tables\n  - pymdownx.emoji:\n"
                            "      emoji_generator: !!python/name:pymdownx.emoji.to_svg\n")
    config = config.replace("nav:\n", "nav:\n  - Section:\n    - 'A: b': about.md\n")
    make_repo(tmp_path, {"mkdocs.yml": config, "briefings/about.md": "# About\n"})
    project = translated(tmp_path)
    assert project["site_name"] == "Kim's \"train\" \\ 𐀀 \x7f tab\tend"
    assert project["markdown_extensions"]["pymdownx.emoji"] == {"emoji_generator": "pymdownx.emoji.to_svg"}
    assert project["nav"][0] == {"Section": [{"A: b": "about.md"}]}


def test_other_themes_are_refused(tmp_path: Path) -> None:
    config = (REPO / "mkdocs.yml").read_text("utf-8").replace("name: material", "name: mkdocs")
    make_repo(tmp_path, {"mkdocs.yml": config})
    code, output = run_cli(tmp_path, "generate", "--for", "zensical", "--out", str(tmp_path / "z"))
    assert code == 2 and "theme 'mkdocs': Zensical builds Material-style sites only" in output
    assert not (tmp_path / "z").exists()


def test_generate_for_zensical_writes_docs_and_config(tmp_path: Path) -> None:
    code, output = run_cli(REPO, "generate", "--for", "zensical", "--out", str(tmp_path / "z"))
    assert code == 0, output
    assert (tmp_path / "z/zensical.toml").read_text("utf-8") == zensical_toml(
        zensical_project(load_mkdocs_config(REPO / "mkdocs.yml")))
    docs = tmp_path / "z/docs"
    assert (docs / "index.md").is_file() and (docs / CSS_URI).is_file() and (docs / "feed.xml").is_file()
    assert not (tmp_path / "z/index.md").exists()
