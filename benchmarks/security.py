"""Figures for issue 12's safety layers: what the rendered-HTML allowlist and the CSP cost in a build.

    .venv/bin/python benchmarks/security.py guard --sizes 0 1000     (0 = the repository's sample site)

`check --articles 100000` writes that many small articles and runs `briefing check` on them in a child
process: wall time and the child's peak memory (the issue: ~70,000 articles ran out of memory mappings).

`markdown` times Python-Markdown (the site's extensions) on pathological bodies at growing sizes, and the
per-article budget (generator/budget.py) that now refuses them before Python-Markdown sees them.

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


def check_figures(n: int) -> None:
    """`briefing check` over `n` small articles: wall seconds and the child's peak RSS."""
    import resource
    import subprocess

    with tempfile.TemporaryDirectory() as work:
        root = Path(work)
        (root / "briefings").mkdir()
        (root / "mkdocs.yml").write_text("site_name: x\ndocs_dir: briefings\nplugins:\n  - briefing\n")
        for year in range(2000, 2000 + (n + 9999) // 10000):
            (root / "content" / str(year)).mkdir(parents=True)
        for i in range(n):
            year = 2000 + i // 10000
            (root / f"content/{year}/{year}-01-01-a{i}.md").write_text(
                f"---\ntitle: Article {i}\ndate: {year}-01-01\nregion: [R{i % 50}]\nactors: [A{i % 400}]\n---\n"
                f"Body of article {i}.\n")
        start = time.perf_counter()
        done = subprocess.run([sys.executable, "-m", "generator", "-f", str(root / "mkdocs.yml"), "check"],
                              capture_output=True, text=True, check=False)
        wall = time.perf_counter() - start
        peak = resource.getrusage(resource.RUSAGE_CHILDREN).ru_maxrss / 1024
    print(f"{n:,} articles: briefing check exit {done.returncode} in {wall:.1f} s, peak RSS {peak:.0f} MB; "
          f"{done.stdout.strip().splitlines()[-1] if done.stdout.strip() else done.stderr[-300:]}")


def markdown_figures() -> None:
    """Python-Markdown's time on bodies that grow quadratically, and the budget's time to refuse them."""
    import markdown

    from generator.budget import MAX_SCAN, markdown_cost

    md = markdown.Markdown(extensions=["admonition", "attr_list", "md_in_html", "pymdownx.superfences",
                                       "tables", "toc"])
    print(f"{'body':>14} {'chars':>8} {'Markdown s':>11} {'budget s':>9}  refused")
    for unit in ("[", "![", "[a", "<a ", "<http://"):
        for count in (2000, 4000, 40000):
            body = unit * count
            start = time.process_time()
            cost = markdown_cost(body.split("\n"))
            budget = time.process_time() - start
            shown = "(skipped)"
            if count <= 4000:  # 40,000 openers take minutes: 191 s for '[' in the issue
                start = time.process_time()
                md.reset().convert(body)
                shown = f"{time.process_time() - start:.2f}"
            print(f"{unit + ' x ' + str(count):>14} {len(body):>8,} {shown:>11} {budget:>9.4f}  "
                  f"{cost.scan > MAX_SCAN}", flush=True)


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    commands = parser.add_subparsers(dest="command", required=True)
    guard_parser = commands.add_parser("guard", help="the allowlist's and the CSP's share of a build")
    guard_parser.add_argument("--sizes", type=int, nargs="+", default=[0, 1000])
    check_parser = commands.add_parser("check", help="briefing check over many small articles")
    check_parser.add_argument("--articles", type=int, default=100_000)
    commands.add_parser("markdown", help="pathological Markdown: render time and the budget's")
    args = parser.parse_args()
    if args.command == "guard":
        guard(args.sizes)
    elif args.command == "check":
        check_figures(args.articles)
    else:
        markdown_figures()


if __name__ == "__main__":
    main()
