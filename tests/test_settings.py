"""One settings schema: the plugin's options, read by MkDocs for the build and through MkDocs' loader by the CLI."""

from __future__ import annotations

import dataclasses
import subprocess
import sys
from pathlib import Path

import pytest
from mkdocs.config import load_config

from generator.config import ConfigError, read_settings
from generator.model import Settings

BASE = "site_name: Base site\ndocs_dir: pages\nsite_url: !ENV [BRIEFING_TEST_URL, 'https://fallback.example/']\n"


def site(tmp_path: Path, mkdocs: str, **files: str) -> Path:
    (tmp_path / "pages").mkdir(exist_ok=True)
    (tmp_path / "content").mkdir(exist_ok=True)
    for name, text in files.items():
        (tmp_path / name).write_text(text, encoding="utf-8")
    (tmp_path / "mkdocs.yml").write_text(mkdocs, encoding="utf-8")
    return tmp_path / "mkdocs.yml"


def plugin_settings(config_file: Path):  # type: ignore[no-untyped-def]
    """The settings the plugin makes from mkdocs.yml in `mkdocs build`, through MkDocs' own event runner."""
    config = load_config(config_file=str(config_file))
    config.plugins.on_startup(command="build", dirty=False)
    config.plugins.on_config(config)
    return config.plugins["briefing"].settings


def test_inherit_env_and_relative_paths_mean_what_they_mean_to_mkdocs(tmp_path: Path,
                                                                      monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setenv("BRIEFING_TEST_URL", "https://from-env.example/")
    config = site(tmp_path, "INHERIT: base.yml\nplugins:\n  - briefing:\n      feed_size: 7\n      active_days: 30\n",
                  **{"base.yml": BASE})
    settings = read_settings(config)
    assert (settings.site_name, settings.site_url) == ("Base site", "https://from-env.example/")
    assert settings.docs_dir == "pages"
    assert (settings.feed_size, settings.active_days, settings.max_file_bytes) == (7, 30, Settings().max_file_bytes)
    assert plugin_settings(config) == settings  # the CLI and `mkdocs build` agree


def test_every_option_the_cli_obeys_the_build_obeys(tmp_path: Path) -> None:
    config = site(tmp_path, BASE + "plugins:\n  - briefing:\n      max_file_bytes: 10\n      related_count: 2\n"
                                   "      content_dir: content\n      search: material\n")
    settings = read_settings(config)
    assert settings.max_file_bytes == 10 and settings.related_count == 2
    assert dataclasses.replace(plugin_settings(config), include_drafts=False) == settings


@pytest.mark.parametrize(("options", "line", "message"), [
    ("      include_drafts: true\n", 6, "'include_drafts' is not an option of the briefing plugin"),
    ("      feed_size: 5\n      active_days: 99999999999\n", 7,
     "'active_days' must be a whole number from 1 to 36,500, got 99999999999"),
    ("      related_count: many\n", 6, "'related_count' must be a whole number from 0 to 100, got 'many'"),
])
def test_a_bad_option_is_an_error_at_its_line_in_the_cli_and_the_build(tmp_path: Path, options: str, line: int,
                                                                        message: str) -> None:
    config = site(tmp_path, BASE + "plugins:\n  - briefing:\n" + options, **{"pages/index.md": "Hi.\n"})
    with pytest.raises(ConfigError) as raised:
        read_settings(config)
    assert f"{config}:{line}: {message}" in str(raised.value)
    build = subprocess.run([sys.executable, "-m", "mkdocs", "build", "-f", str(config), "-d", str(tmp_path / "out")],
                           capture_output=True, text=True, env={"NO_MKDOCS_2_WARNING": "1", "PATH": "",
                                                                "PYTHONPATH": ":".join(sys.path)})
    assert build.returncode != 0
    assert f"{config}:{line}: {message}" in build.stderr, build.stderr
