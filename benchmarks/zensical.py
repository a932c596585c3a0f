"""`briefing generate --for zensical` + `zensical build` against `mkdocs build`, on the benchmark's corpus.

    .venv/bin/python benchmarks/zensical.py --sizes 1000        (make bench-zensical)

For each size: the seeded synthetic corpus of benchmarks/run.py as a Briefing site, then in one run
  - `mkdocs build --strict` twice: cold (first build after the corpus is written) and warm (again, unchanged);
  - generate + `zensical build --strict` into a fresh folder (cold: no Zensical cache), then again unchanged
    (warm: generate rewrites nothing, Zensical's .cache is there), then after one article's title is edited
    (the incremental case `zensical serve` sees).
Each figure is the child process's wall and CPU seconds (Zensical renders on several threads, so its CPU can
exceed its wall time) and peak RSS. Results go to benchmarks/.work/zensical.json.
"""

from __future__ import annotations

import argparse
import json
import re
import shutil
import sys
from pathlib import Path
from typing import Any

HERE = Path(__file__).resolve().parent
sys.path.insert(0, str(HERE))

from corpus import make_corpus, write_briefing_site  # noqa: E402
from run import PROJECT_BIN, WORK, measure  # noqa: E402


def timed(command: list[str | Path], cwd: Path) -> dict[str, float]:
    wall, cpu, peak = measure(command, cwd)
    return {"wall": round(wall, 1), "cpu": round(cpu, 1), "peak_mb": round(peak)}


def zensical_round(site: Path, out: Path) -> dict[str, dict[str, float]]:
    """generate --for zensical, then zensical build --strict in the generated folder."""
    generate = timed([PROJECT_BIN / "briefing", "generate", "--for", "zensical", "--out", out], site)
    build = timed([PROJECT_BIN / "zensical", "build", "--strict"], out)
    both = {k: round(generate[k] + build[k], 1) for k in ("wall", "cpu")}
    return {"generate": generate, "zensical": build, "total": {**both, "peak_mb": max(generate["peak_mb"],
                                                                                     build["peak_mb"])}}


def edit_one_title(site: Path) -> None:
    """Change the newest article's title, as an editor would under `serve`."""
    newest = max((site / "content").rglob("*.md"))
    text = newest.read_text("utf-8")
    newest.write_text(re.sub(r"(?m)^title: ([\"']?)", r"title: \1Updated: ", text, count=1), "utf-8")


def run_size(n: int, seed: int) -> dict[str, Any]:
    site = WORK / f"zensical-{n}" / "briefing"
    write_briefing_site(site, make_corpus(n, seed))
    out = site.parent / "zensical"
    shutil.rmtree(out, ignore_errors=True)
    result: dict[str, Any] = {"articles": n}
    print(f"[{n}] mkdocs build (cold, warm)", flush=True)
    result["mkdocs_cold"] = timed([PROJECT_BIN / "mkdocs", "build", "--strict", "--quiet", "--clean"], site)
    result["mkdocs_warm"] = timed([PROJECT_BIN / "mkdocs", "build", "--strict", "--quiet", "--clean"], site)
    print(f"[{n}] generate + zensical build (cold, warm, one title edited)", flush=True)
    result["zensical_cold"] = zensical_round(site, out)
    result["zensical_warm"] = zensical_round(site, out)
    edit_one_title(site)
    result["zensical_edit"] = zensical_round(site, out)
    result["pages"] = {"mkdocs": sum(1 for _ in (site / "site").rglob("*.html")),
                       "zensical": sum(1 for _ in (out / "site").rglob("*.html"))}
    return result


def report(results: list[dict[str, Any]]) -> str:
    def cell(t: dict[str, float]) -> str:
        return f"{t['cpu']} s CPU / {t['wall']} s wall, {t['peak_mb']} MB"

    lines = ["| articles | mkdocs build cold | mkdocs build warm | generate + Zensical cold | warm | one edit |",
             "|---|---|---|---|---|---|"]
    for r in results:
        lines.append(f"| {r['articles']:,} | {cell(r['mkdocs_cold'])} | {cell(r['mkdocs_warm'])} | "
                     f"{cell(r['zensical_cold']['total'])} | {cell(r['zensical_warm']['total'])} | "
                     f"{cell(r['zensical_edit']['total'])} |")
    for r in results:
        parts = ", ".join(f"{k}: generate {r[k]['generate']['cpu']} s + zensical {r[k]['zensical']['cpu']} s CPU"
                          for k in ("zensical_cold", "zensical_warm", "zensical_edit"))
        lines.append(f"\n{r['articles']:,} articles ({r['pages']['mkdocs']} / {r['pages']['zensical']} HTML files "
                     f"from MkDocs / Zensical): {parts}")
    return "\n".join(lines)


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("--sizes", type=int, nargs="+", default=[1000])
    parser.add_argument("--seed", type=int, default=8)
    args = parser.parse_args()
    WORK.mkdir(exist_ok=True)
    results = [run_size(n, args.seed) for n in args.sizes]
    (WORK / "zensical.json").write_text(json.dumps(results, indent=1), "utf-8")
    print(report(results))


if __name__ == "__main__":
    main()
