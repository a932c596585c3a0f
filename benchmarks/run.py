"""The benchmark: Briefing's stages and full build against Material's blog plugin on one synthetic corpus.

    .venv/bin/python benchmarks/run.py --sizes 1000 10000      (make bench; the blog plugin up to --blog-max)

For each size it writes the corpus as a Briefing site, a Material blog (the same posts: categories = regions +
topics, tags = actors) and an articles-only site, then times, in one run: Briefing's stages in-process
(read, load+validate, index, render), a `mkdocs serve` rebuild after one edited article, what an editor waits
for under the real `mkdocs serve --dirty` (benchmarks/editor.py: saves until served), `mkdocs build` of each
site (wall, CPU, peak memory of the child process, pages, output size, search index size), and the site with
`search: pagefind`, with one Pagefind query run in headless Chromium. The blog plugin runs in its own venv
(benchmarks/.work/venv, from benchmarks/requirements.txt). Results go to benchmarks/.work/results.json.
"""

from __future__ import annotations

import argparse
import hashlib
import json
import os
import subprocess
import sys
import time
import venv
from collections.abc import Sequence
from dataclasses import asdict, dataclass
from pathlib import Path
from typing import Any

HERE = Path(__file__).resolve().parent
ROOT = HERE.parent
WORK = HERE / ".work"
PROJECT_BIN = Path(sys.executable).parent
sys.path.insert(0, str(HERE))
sys.path.insert(0, str(ROOT))

from corpus import make_corpus, write_blog_site, write_briefing_site, write_pages_site  # noqa: E402
from pagefind_probe import find_chromium, probe  # noqa: E402

ENV = {**os.environ, "NO_MKDOCS_2_WARNING": "1"}


@dataclass
class Build:
    """One `mkdocs build`: times of the child process and what it wrote."""

    wall: float
    cpu: float
    peak_mb: float
    pages: int
    output_mb: float
    search_mb: float
    load: float = 0.0  # the machine's 1-minute load average, mean of before and after
    pagefind: dict[str, Any] | None = None


def bench_venv() -> Path:
    """The benchmark's own environment with Material's blog plugin; rebuilt when requirements.txt changes."""
    requirements = HERE / "requirements.txt"
    stamp, env_dir = WORK / "venv" / ".requirements", WORK / "venv"
    digest = hashlib.sha256(requirements.read_bytes()).hexdigest()
    if not stamp.is_file() or stamp.read_text() != digest:
        print(f"setting up {env_dir} from {requirements.name} ...", flush=True)
        venv.create(env_dir, with_pip=True, clear=True)
        subprocess.run([env_dir / "bin" / "python", "-m", "pip", "install", "--quiet", "-r", requirements],
                       check=True)
        stamp.write_text(digest)
    return env_dir / "bin"


def measure(command: Sequence[str | Path], cwd: Path) -> tuple[float, float, float]:
    """(wall s, CPU s, peak RSS MB) of one child process, from its own rusage (os.wait4)."""
    start = time.perf_counter()
    child = subprocess.Popen([str(c) for c in command], cwd=cwd, env=ENV,
                             stdout=subprocess.DEVNULL, stderr=subprocess.PIPE)
    assert child.stderr is not None
    errors = child.stderr.read()
    _, status, usage = os.wait4(child.pid, 0)
    child.returncode = os.waitstatus_to_exitcode(status)
    if child.returncode != 0:
        raise RuntimeError(f"{' '.join(map(str, command))} failed in {cwd}:\n{errors.decode()[-3000:]}")
    return time.perf_counter() - start, usage.ru_utime + usage.ru_stime, usage.ru_maxrss / 1024


def mkdocs_build(bin_dir: Path, site: Path) -> Build:
    """`mkdocs build` of one site with the given environment's MkDocs, and what it wrote."""
    load = os.getloadavg()[0]
    wall, cpu, peak = measure([bin_dir / "mkdocs", "build", "--quiet", "--clean"], site)
    out = site / "site"
    files = [p for p in out.rglob("*") if p.is_file()]
    index = out / "search" / "search_index.json"
    return Build(wall=wall, cpu=cpu, peak_mb=peak, load=(load + os.getloadavg()[0]) / 2,
                 pages=sum(p.suffix == ".html" for p in files),
                 output_mb=sum(p.stat().st_size for p in files) / 1e6,
                 search_mb=index.stat().st_size / 1e6 if index.is_file() else 0.0)


def run_stages(site: Path, *extra: str) -> dict[str, Any]:
    """benchmarks/stages.py in a fresh process of the project's Python."""
    run = subprocess.run([PROJECT_BIN / "python", HERE / "stages.py", site, *extra], capture_output=True,
                         text=True, check=True, env=ENV)
    result: dict[str, Any] = json.loads(run.stdout)
    return result


def articles_only(site: Path, target: Path) -> None:
    """The search baseline: only the article pages Briefing renders (and a home page), as a plain site."""
    from generator.config import read_settings
    from generator.files import read_sources
    from generator.site import build_site

    settings = read_settings(site / "mkdocs.yml")
    sources = read_sources(site, settings).files
    pages = {src: text for src, text in build_site(sources, settings).pages.items() if src.startswith("articles/")}
    write_pages_site(target, {**pages, "index.md": "# Articles\n"}, "Articles only")


def run_editor(site: Path, saves: int) -> dict[str, Any]:
    """benchmarks/editor.py: saves under the real `mkdocs serve --dirty`, timed until served."""
    run = subprocess.run([PROJECT_BIN / "python", HERE / "editor.py", site, "--saves", str(saves)],
                         capture_output=True, text=True, check=True, env=ENV)
    result: dict[str, Any] = json.loads(run.stdout)
    return result


def run_size(n: int, seed: int, bench_bin: Path, *, blog: bool, pagefind: bool, builds: bool,
             saves: int = 10) -> dict[str, Any]:
    """Everything for one corpus size; prints progress, returns the figures."""
    base = WORK / f"n{n}"
    corpus = make_corpus(n, seed)
    write_briefing_site(base / "briefing", corpus)
    result: dict[str, Any] = {"articles": n, "seed": seed}
    step(n, "briefing stages")
    result["stages"] = run_stages(base / "briefing")
    step(n, "serve rebuild")
    result["serve"] = run_stages(base / "briefing", "--serve")
    if not builds:
        return result
    step(n, "briefing mkdocs build")
    result["briefing"] = asdict(mkdocs_build(PROJECT_BIN, base / "briefing"))
    if saves:
        step(n, f"editor loop: mkdocs serve --dirty, {saves} body and {saves} title saves")
        result["editor"] = run_editor(base / "briefing", saves)
    step(n, "articles-only build (search baseline)")
    articles_only(base / "briefing", base / "articles")
    result["articles_only"] = asdict(mkdocs_build(PROJECT_BIN, base / "articles"))
    if blog:
        write_blog_site(base / "blog", corpus)
        step(n, "Material blog plugin build")
        result["blog"] = asdict(mkdocs_build(bench_bin, base / "blog"))
    if pagefind:
        write_briefing_site(base / "pagefind", corpus, search="pagefind")
        step(n, "briefing build with search: pagefind")
        build = mkdocs_build(PROJECT_BIN, base / "pagefind")
        build.pagefind = pagefind_figures(base / "pagefind" / "site", corpus.posts[0].actors[0])
        result["pagefind"] = asdict(build)
    return result


def pagefind_figures(site: Path, query: str) -> dict[str, Any]:
    """Pagefind's output size, and what one query downloads (when Chromium is installed)."""
    files = [p for p in (site / "pagefind").rglob("*") if p.is_file()]
    figures: dict[str, Any] = {"files": len(files), "total_mb": sum(p.stat().st_size for p in files) / 1e6,
                               "query": query}
    if find_chromium() is not None:
        figures["probe"] = probe(site, query.split()[-1], "2020")
    return figures


def step(n: int, what: str) -> None:
    """A progress line: the runs take minutes."""
    print(f"[{time.strftime('%H:%M:%S')}] n={n}: {what} ...", flush=True)


#: The issue's targets per corpus size: body edit → served, title edit → all served (s), build ÷ peer.
EDITOR_TARGETS = {1000: (1.0, 1.5, 0.35), 10000: (3.0, 4.0, 0.25)}


def editor_table(results: list[dict[str, Any]]) -> list[str]:
    """The issue's target table: what an editor waits for, and the full build, with the machine's load."""
    lines = ["| corpus | body edit → page served | title edit → all served | full build vs blog plugin "
             "| load (1-min avg, 2 CPUs) |", "|---|---|---|---|---|"]
    for r in results:
        if "editor" not in r:
            continue
        body_max, title_max, ratio_max = EDITOR_TARGETS.get(r["articles"], (None, None, None))
        e = r["editor"]
        body = f"{e['body']['median']:.2f} s (server CPU {e['body'].get('cpu_median', 0):.2f} s)" + (
            f" (≤ {body_max} {mark(e['body']['median'] <= body_max)})" if body_max else "")
        title = f"{e['title']['median']:.2f} s (CPU {e['title'].get('cpu_median', 0):.2f} s), " \
            f"{e['title']['pages']} pages" + (
            f" (≤ {title_max} {mark(e['title']['median'] <= title_max)})" if title_max else "")
        if "blog" in r:
            ratio = r["briefing"]["cpu"] / r["blog"]["cpu"]
            build = f"{ratio:.2f}× CPU ({r['briefing']['cpu']:.1f} s vs {r['blog']['cpu']:.1f} s)"
        else:
            ratio = r["briefing"]["cpu"] / r["articles_only"]["cpu"]
            build = f"no blog run; {ratio:.2f}× articles alone ({r['briefing']['cpu']:.1f} s)"
        if ratio_max and "blog" in r:
            build += f" (≤ {ratio_max} {mark(ratio <= ratio_max)})"
        load = f"{e['body']['load']:.1f} / {e['title']['load']:.1f}; build {r['briefing'].get('load', 0):.1f}"
        lines.append(f"| {r['articles']:,} articles | {body} | {title} | {build} | {load} |")
    lines.append("(medians of each series of saves under `mkdocs serve --dirty`, from the write to the last page "
                 "served; first build under serve: " + ", ".join(
                     f"{r['editor']['first_build']:.0f} s at {r['articles']:,}" for r in results if "editor" in r)
                 + ")")
    return lines


def report(results: list[dict[str, Any]]) -> str:
    """The tables and the targets, as Markdown."""
    lines = [*editor_table(results), "",
             "| articles | build | wall s | CPU s | peak MB | pages | output MB | search index MB |",
             "|---|---|--:|--:|--:|--:|--:|--:|"]
    for r in results:
        for key, label in (("briefing", "Briefing (mkdocs build)"), ("blog", "Material blog plugin"),
                           ("articles_only", "articles only (search baseline)"),
                           ("pagefind", "Briefing, search: pagefind")):
            if key in r:
                b = r[key]
                lines.append(f"| {r['articles']:,} | {label} | {b['wall']:.1f} | {b['cpu']:.1f} | {b['peak_mb']:.0f} "
                             f"| {b['pages']:,} | {b['output_mb']:.1f} | {b['search_mb']:.2f} |")
    lines += ["", "| articles | read | load+validate | index | plan | render | generator total | serve rebuild | "
              "generator / build |", "|---|--:|--:|--:|--:|--:|--:|--:|--:|"]
    for r in results:
        s, total = r["stages"], r["stages"]["total"]
        share = f"{total['cpu'] / r['briefing']['cpu']:.1%}" if "briefing" in r else "—"
        lines.append(f"| {r['articles']:,} | " + " | ".join(f"{s[k]['cpu']:.2f}" for k in
                     ("read", "load_validate", "index", "plan", "render")) + f" | {total['cpu']:.2f} | "
                     f"{r['serve']['rebuild']['cpu']:.3f} | {share} |")
    lines += ["", "(stage times are CPU seconds of the generator in its own process)", "", *targets(results)]
    return "\n".join(lines)


def targets(results: list[dict[str, Any]]) -> list[str]:
    """The issue's targets, each with its figure."""
    out = ["Targets (CPU-time ratios; wall-time ratios in brackets):"]
    by_n = {r["articles"]: r for r in results}
    for n, limit in ((1000, 0.35), (5000, 0.25)):
        if n in by_n and "blog" in by_n[n]:
            r = by_n[n]
            cpu, wall = r["briefing"]["cpu"] / r["blog"]["cpu"], r["briefing"]["wall"] / r["blog"]["wall"]
            out.append(f"- build at {n:,} ≤ {limit}× blog plugin: {cpu:.2f}× ({wall:.2f}×) {mark(cpu <= limit)}")
    if 1000 in by_n and 5000 in by_n and "briefing" in by_n[1000] and "briefing" in by_n[5000]:
        per = [by_n[n]["briefing"]["cpu"] / n for n in (1000, 5000)]
        out.append(f"- linear: per-article build time at 5,000 ≤ 1.3× that at 1,000: {per[1] / per[0]:.2f}× "
                   f"{mark(per[1] / per[0] <= 1.3)}")
    built = [r for r in results if "briefing" in r]
    for r in built:
        share = r["stages"]["total"]["cpu"] / r["briefing"]["cpu"]
        out.append(f"- generator ≤ 5% of the build at {r['articles']:,}: {share:.1%} {mark(share <= 0.05)}")
    if 10000 in by_n:
        total = by_n[10000]["stages"]["total"]["cpu"]
        out.append(f"- generator ≤ 2 s at 10,000: {total:.2f} s {mark(total <= 2)}")
    if 1000 in by_n:
        serve = by_n[1000]["serve"]
        out.append(f"- serve rebuild at 1,000 ≤ 0.2 s: {serve['rebuild']['cpu']:.3f} s CPU, "
                   f"{serve['rebuild']['wall']:.3f} s wall, {serve['parsed']} file parsed "
                   f"{mark(serve['rebuild']['cpu'] <= 0.2 and serve['edited_title_shown'])}")
    if 5000 in by_n and "blog" in by_n[5000]:
        r = by_n[5000]
        peak = r["briefing"]["peak_mb"] / r["blog"]["peak_mb"]
        out.append(f"- peak memory at 5,000 ≤ 0.6× blog plugin: {peak:.2f}× {mark(peak <= 0.6)}")
    for r in built:
        size = r["briefing"]["search_mb"] / r["articles_only"]["search_mb"]
        out.append(f"- search index at {r['articles']:,} ≤ 1.15× articles alone: {size:.3f}× {mark(size <= 1.15)}")
    for r in built:
        if "pagefind" in r and "probe" in r["pagefind"]["pagefind"]:
            p = r["pagefind"]["pagefind"]["probe"]
            out.append(f"- Pagefind at {r['articles']:,}: one query '{r['pagefind']['pagefind']['query'].split()[-1]}' "
                       f"fetched {p['query_files']} files, {p['query_bytes'] / 1e3:.0f} kB "
                       f"({p['with_filters_bytes'] / 1e3:.0f} kB with the filter lists) vs Material's "
                       f"search_index.json {r['briefing']['search_mb']:.1f} MB; {p.get('results')} results")
    return out


def mark(ok: bool) -> str:
    """✓ for a target met."""
    return "✓" if ok else "✗ missed"


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("--sizes", type=int, nargs="+", default=[1000, 5000])
    parser.add_argument("--seed", type=int, default=8)
    parser.add_argument("--no-blog", action="store_true", help="skip Material's blog plugin")
    parser.add_argument("--no-pagefind", action="store_true", help="skip the search: pagefind build")
    parser.add_argument("--stages-only", action="store_true", help="only the generator's stages and serve rebuild")
    parser.add_argument("--saves", type=int, default=10, help="saves per series under mkdocs serve (0: none)")
    parser.add_argument("--blog-max", type=int, default=5000, help="run the blog plugin only up to this size")
    args = parser.parse_args()
    WORK.mkdir(parents=True, exist_ok=True)
    bench_bin = bench_venv() if not (args.no_blog or args.stages_only) else PROJECT_BIN
    results = [run_size(n, args.seed, bench_bin, blog=not args.no_blog and n <= args.blog_max,
                        pagefind=not args.no_pagefind, builds=not args.stages_only, saves=args.saves)
               for n in args.sizes]
    (WORK / "results.json").write_text(json.dumps(results, indent=1))
    print(f"\n{os.cpu_count()} CPUs, load average {os.getloadavg()[0]:.1f} at the end\n")
    print(report(results))


if __name__ == "__main__":
    main()
