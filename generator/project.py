"""The project the `briefing` commands work on: its root, its settings and its sources.

Below every command module (cli.py, cli_authoring.py, cli_review.py), so none imports another.
"""

from __future__ import annotations

import dataclasses
from pathlib import Path

from .config import read_settings
from .corpus import Corpus, build_corpus
from .files import read_sources
from .model import Settings, Sources
from .site import build_site


class Project:
    """The repository root and its settings, found from mkdocs.yml."""

    def __init__(self, config_file: Path) -> None:
        self.config_file = config_file
        self.root = config_file.parent
        self.settings: Settings = read_settings(config_file)

    def read(self) -> Sources:
        """The read step: every source file and the problems met reading them."""
        return read_sources(self.root, self.settings)

    def corpus(self) -> Corpus:
        """The validated content, read problems included."""
        return build_corpus(self.read(), self.settings)

    def checked(self) -> Corpus:
        """The validated content with every problem a build would find: also pages that would share a path."""
        result = build_site(self.read(), self.settings, render=False)
        return dataclasses.replace(result.corpus, diagnostics=result.diagnostics)
