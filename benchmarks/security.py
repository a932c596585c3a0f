"""Figures for issue 12's safety layers: what the rendered-HTML allowlist and the CSP cost in a build.

    .venv/bin/python benchmarks/security.py guard --sizes 0 1000     (0 = the repository's sample site)

`guard` builds each site in-process with `mkdocs build` and times, inside that one build, every call of the
allowlist check (generator/html_guard.check_html) and of the CSP step (generator/csp.add_policy) against the
whole build (CPU seconds of this process: the machine is shared), so the share is a ratio within one run.
"""

from __future__ import annotations

import argparse
import os
import sys
import tempfile
import time
from collections.abc import Callable
from pathlib import Path
from typing import Any

HERE = Path(__file__).resolve().parent
ROOT = HERE.parent
sys.path.insert(0, str(HERE))
sys.path.insert(0, str(ROOT))

from corpus import make_corpus, write_briefing_site  # noqa: E402


def timed(spent: dict[str, float], name: str, function: Callable[..., Any]) -> Callable[..., Any]:
    """`function`, adding the seconds each call takes to spent[name]."""
    def wrapper(*args: Any, **kwargs: Any) -> Any:
        start = time.process_time()
        try:
            return function(*args, **kwargs)
        finally:
            spent[name] = spent.get(name, 0.0) + time.process_time() - start
    return wrapper


def guard_figures(site: Path) -> dict[str, float]:
    """One `mkdocs build` of `site`: total seconds and the seconds spent in the allowlist and the CSP."""
    from mkdocs.commands.build import build
    from mkdocs.config import load_config

    from generator import plugin

    spent: dict[str, float] = {}
    original = plugin.check_html, plugin.add_policy
    plugin.check_html = timed(spent, "allowlist", plugin.check_html)
    plugin.add_policy = timed(spent, "csp", plugin.add_policy)
    cwd = Path.cwd()
    try:
        os.chdir(site)
        with tempfile.TemporaryDirectory() as out:
            start = time.process_time()
            build(load_config(config_file=str(site / "mkdocs.yml"), site_dir=out))
            spent["build"] = time.process_time() - start
            spent["pages"] = float(sum(1 for _ in Path(out).rglob("*.html")))
    finally:
        os.chdir(cwd)
        plugin.check_html, plugin.add_policy = original
    return spent


def guard(sizes: list[int]) -> None:
    os.environ["NO_MKDOCS_2_WARNING"] = "1"
    print(f"{'site':>12} {'pages':>6} {'build s':>8} {'allowlist s':>12} {'csp s':>7} {'share':>6}")
    for n in sizes:
        with tempfile.TemporaryDirectory() as work:
            site = ROOT if n == 0 else Path(work) / "site"
            if n:
                write_briefing_site(site, make_corpus(n))
            spent = guard_figures(site)
        share = (spent.get("allowlist", 0) + spent.get("csp", 0)) / spent["build"]
        print(f"{'sample' if n == 0 else n:>12} {spent['pages']:>6.0f} {spent['build']:>8.2f} "
              f"{spent.get('allowlist', 0):>12.3f} {spent.get('csp', 0):>7.3f} {share:>6.1%}", flush=True)


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    commands = parser.add_subparsers(dest="command", required=True)
    guard_parser = commands.add_parser("guard", help="the allowlist's and the CSP's share of a build")
    guard_parser.add_argument("--sizes", type=int, nargs="+", default=[0, 1000])
    args = parser.parse_args()
    if args.command == "guard":
        guard(args.sizes)


if __name__ == "__main__":
    main()
