"""The same browser tests against the site Zensical builds from `briefing generate --for zensical`."""

from __future__ import annotations

import shutil
import subprocess
import sys
from collections.abc import Iterator
from pathlib import Path

import pytest
from click.testing import CliRunner

from generator.cli import cli

from ..conftest import serving
from ..helpers import REPO

ZENSICAL = Path(sys.executable).with_name("zensical")  # the pinned one, from the test extra


@pytest.fixture(scope="session")
def zensical_project(tmp_path_factory: pytest.TempPathFactory) -> Path:
    """`briefing generate --for zensical` of the sample repository, as a site owner would run it."""
    project = tmp_path_factory.mktemp("zensical") / "project"
    result = CliRunner().invoke(cli, ["-f", str(REPO / "mkdocs.yml"), "generate", "--for", "zensical",
                                      "--out", str(project)])
    assert result.exit_code == 0, result.output
    return project


@pytest.fixture(scope="session")
def site_dir(zensical_project: Path) -> Path:
    """`zensical build --strict` in the generated folder: the Zensical site, every page of it."""
    if not ZENSICAL.exists():
        pytest.fail(f"{ZENSICAL} is missing: `make test` installs the test extra, which pins Zensical")
    done = subprocess.run([str(ZENSICAL), "build", "--strict"], cwd=zensical_project, capture_output=True,
                          text=True, check=False, timeout=300)
    if done.returncode:
        pytest.fail(f"zensical build --strict failed:\n{done.stdout}{done.stderr}")
    site = zensical_project / "site"
    shutil.rmtree(zensical_project / ".cache", ignore_errors=True)  # the build's cache, not the site
    return site


@pytest.fixture(scope="session")
def base_url(site_dir: Path) -> Iterator[str]:
    """The Zensical site, served (overrides the MkDocs site's)."""
    with serving(site_dir) as url:
        yield url
