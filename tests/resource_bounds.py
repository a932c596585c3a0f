"""Resource bounds of the core (load → validate → index → render), measured on synthetic input.

`python tests/resource_bounds.py` prints every figure; tests/test_resources.py asserts generous bounds on
the same measurements. Times are the best of a few runs, so a busy machine skews them less.
"""

from __future__ import annotations

import argparse
import gc
import json
import random
import resource
import subprocess
import sys
import time
import tracemalloc
from collections.abc import Callable
from dataclasses import dataclass
from pathlib import Path
from typing import Any

from generator.corpus import build_corpus
from generator.model import Settings
from generator.site import SiteResult, build_site

SETTINGS = Settings(site_url="https://example.org/")
WORDS = ("talks", "train", "summit", "envoy", "shells", "drones", "port", "rail", "grain", "oil", "treaty", "visit")


def synthetic_article(i: int, rng: random.Random, *, actors: int = 4, body_bytes: int = 1500,
                      pools: tuple[int, int, int] = (1500, 150, 200)) -> tuple[str, bytes]:
    """One valid article: names drawn from pools of actors, regions and topics; a plain prose body."""
    n_actors, n_regions, n_topics = pools
    year, day = 2000 + i % 25, 1 + i % 28
    names = [f"Actor {rng.randrange(n_actors)}" for _ in range(actors)]
    words = " ".join(rng.choice(WORDS) for _ in range(body_bytes // 6))
    body = "\n\n".join(words[k:k + 600] for k in range(0, len(words), 600))
    text = (f"---\ntitle: \"Article {i}: {rng.choice(WORDS)} and {rng.choice(WORDS)}\"\n"
            f"date: {year}-{1 + i % 12:02d}-{day:02d}\n"
            f"region: [Region {rng.randrange(n_regions)}, Region {rng.randrange(n_regions)}]\n"
            f"actors: [{', '.join(dict.fromkeys(names))}]\n"
            f"topics: [Topic {rng.randrange(n_topics)}, Topic {rng.randrange(n_topics)}]\n"
            f"sources:\n  - {{publisher: TASS, title: Report {i}, url: \"https://example.org/{i}\"}}\n"
            f"---\n{body}\n")
    return f"content/{year}/{year}-{i:05d}-article-{i}.md", text.encode()


def corpus(n: int, *, seed: int = 1, actors: int = 4) -> dict[str, bytes]:
    """`n` synthetic articles; the name pools grow with `n`, so terms grow with the corpus."""
    rng = random.Random(seed)
    pools = (max(50, n * 3 // 10), max(10, n // 30), max(10, n // 25))
    return dict(synthetic_article(i, rng, pools=pools, actors=actors) for i in range(n))


def one_article(*, actors: int = 4, body: str | None = None, front_matter: str = "") -> dict[str, bytes]:
    """A single article with `actors` names, a given body and extra front-matter lines."""
    names = ", ".join(f"Actor {k}" for k in range(actors))
    text = (f"---\ntitle: One\ndate: 2023-09-12\nregion: [Russia]\nactors: [{names}]\n{front_matter}---\n"
            f"{body if body is not None else 'Body.'}\n")
    return {"content/2023/2023-09-12-one.md": text.encode()}


def best_time(build: Callable[[], object], *, repeat: int = 3) -> float:
    """The fastest of `repeat` runs, in seconds."""
    times = []
    for _ in range(repeat):
        gc.collect()
        started = time.process_time()
        build()
        times.append(time.process_time() - started)
    return min(times)


def core_time(sources: dict[str, bytes], *, stage: str = "site", repeat: int = 3) -> float:
    """Seconds for build_site, or for build_corpus alone (load and validate: where bodies are read)."""
    if stage == "corpus":
        return best_time(lambda: build_corpus(sources, SETTINGS), repeat=repeat)
    return best_time(lambda: build_site(sources, SETTINGS), repeat=repeat)


def build_checked(sources: dict[str, bytes]) -> SiteResult:
    result = build_site(sources, SETTINGS)
    assert not result.errors, result.errors[:3]
    return result


# --- scaling: input of size x and 4x ---------------------------------------------------------------

Case = tuple[str, str, dict[str, bytes], dict[str, bytes]]  # (name, stage, input, input four times larger)


@dataclass(frozen=True)
class Scaling:
    """Core time on an input and on one four times its size."""

    input: str
    stage: str
    small_s: float
    large_s: float

    @property
    def ratio(self) -> float:
        """4.0 is linear, 16.0 quadratic."""
        return self.large_s / self.small_s


def scaling(case: Case, *, repeat: int = 3) -> Scaling:
    name, stage, small, large = case
    return Scaling(name, stage, core_time(small, stage=stage, repeat=repeat),
                   core_time(large, stage=stage, repeat=repeat))


HOSTILE_BODIES: dict[str, Callable[[int], str]] = {
    "prose": lambda n: ("word " * (n // 5)),
    "unclosed_tags": lambda n: "<a " * (n // 3),
    "lone_bracket_spaces": lambda n: "<" + " " * n,
    "unclosed_fences": lambda n: "```x\n" * (n // 5),
    "braces": lambda n: "{ " * (n // 2),
    "link_openers": lambda n: "[x](" * (n // 4),
}


def scaling_cases(quick: bool = False) -> list[Case]:
    """Every dimension a contributor controls, at a size and four times it (articles stay under 2 MB)."""
    n, k, body, depth = (100, 10, 120_000, 2_000) if quick else (500, 12, 400_000, 20_000)
    cases: list[Case] = [
        (f"corpus: {n:,} vs {4 * n:,} articles", "site", corpus(n), corpus(4 * n)),
        (f"one article: {k} vs {4 * k} actors", "site", one_article(actors=k), one_article(actors=4 * k)),
        (f"{n // 2} articles: {k} vs {4 * k} actors each", "site",
         corpus(n // 2, actors=k), corpus(n // 2, actors=4 * k))]
    for name, make in HOSTILE_BODIES.items():
        cases.append((f"body '{name}': {body:,} vs {4 * body:,} bytes", "corpus",
                      one_article(body=make(body)), one_article(body=make(4 * body))))
    cases.append((f"YAML flow nesting: {depth:,} vs {4 * depth:,}", "corpus",
                  one_article(front_matter=f"summary: {'[' * depth}{']' * depth}\n"),
                  one_article(front_matter=f"summary: {'[' * 4 * depth}{']' * 4 * depth}\n")))
    return cases


# --- memory: a 5,000-article corpus in a fresh process ------------------------------------------------

def measure_memory(n: int, *, traced: bool = True) -> dict[str, Any]:
    """Peak resident memory of building `n` articles and, if `traced`, peak Python allocations (slow)."""
    sources = corpus(n)
    input_bytes = sum(len(v) for v in sources.values())
    before = resource.getrusage(resource.RUSAGE_SELF).ru_maxrss
    started = time.process_time()
    result = build_checked(sources)
    seconds = time.process_time() - started
    maxrss = resource.getrusage(resource.RUSAGE_SELF).ru_maxrss
    output_bytes = sum(len(v.encode()) for v in result.pages.values())
    terms = sum(1 for page in result.pages if page.count("/") == 1 and not page.endswith("index.md"))
    del result
    peak = _traced_peak(sources) if traced else 0
    return {"articles": n, "briefings": terms,
            "input_mb": round(input_bytes / 2**20, 1), "output_mb": round(output_bytes / 2**20, 1),
            "seconds": round(seconds, 2), "maxrss_mb": round(maxrss / 1024), "rss_before_mb": round(before / 1024),
            "tracemalloc_peak_mb": round(peak / 2**20) if traced else None}


def _traced_peak(sources: dict[str, bytes]) -> int:
    gc.collect()
    tracemalloc.start()
    build_checked(sources)
    peak = tracemalloc.get_traced_memory()[1]
    tracemalloc.stop()
    return peak


def memory_in_subprocess(n: int, *, traced: bool = True) -> dict[str, Any]:
    """measure_memory in a fresh interpreter, so ru_maxrss is this build's alone."""
    command = [sys.executable, __file__, "--memory", str(n), *([] if traced else ["--untraced"])]
    run = subprocess.run(command, capture_output=True, text=True, check=True, cwd=Path(__file__).parent)
    figures: dict[str, Any] = json.loads(run.stdout)
    return figures


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__)
    parser.add_argument("--memory", type=int, metavar="N", help="print memory figures for N articles as JSON")
    parser.add_argument("--untraced", action="store_true", help="with --memory: skip the slow tracemalloc run")
    parser.add_argument("--quick", action="store_true", help="smaller inputs")
    args = parser.parse_args()
    if args.memory:
        print(json.dumps(measure_memory(args.memory, traced=not args.untraced)))
        return
    print(f"{'input (x vs 4x)':<56} {'stage':<7} {'x':>9} {'4x':>9}  ratio (4 = linear)")
    for case in scaling_cases(args.quick):
        row = scaling(case)
        print(f"{row.input:<56} {row.stage:<7} {row.small_s:>8.4f}s {row.large_s:>8.4f}s  ×{row.ratio:.2f}")
    print(json.dumps(memory_in_subprocess(5000), indent=1))


if __name__ == "__main__":
    main()
