"""The package's layering: no module imports a module that imports it back, and the core imports
neither MkDocs, click nor the file system modules."""

from __future__ import annotations

import ast
from pathlib import Path

PACKAGE = Path(__file__).resolve().parent.parent / "generator"
#: The pure core: text in, pages out.
CORE = {"kinds", "model", "urls", "slugs", "load", "checks", "body", "validate", "schema", "corpus", "index",
        "render", "site", "dates", "escape", "chart", "countries", "cache"}
OUTSIDE = {"mkdocs", "click", "os", "subprocess", "shutil", "tempfile"}


def imports() -> dict[str, set[str]]:
    """Module → the package modules and top-level outside packages it imports (at any depth)."""
    found: dict[str, set[str]] = {}
    for path in PACKAGE.glob("*.py"):
        names: set[str] = set()
        for node in ast.walk(ast.parse(path.read_text("utf-8"))):
            if isinstance(node, ast.ImportFrom) and node.level == 1:
                names.update([node.module] if node.module else [a.name for a in node.names])
            elif isinstance(node, ast.ImportFrom) and node.module:
                names.add(node.module.split(".")[0])
            elif isinstance(node, ast.Import):
                names.update(a.name.split(".")[0] for a in node.names)
        found[path.stem] = names
    return found


def test_no_import_cycles() -> None:
    graph = {module: {n for n in names if (PACKAGE / f"{n}.py").exists()} for module, names in imports().items()}

    def reaches(start: str, goal: str, seen: set[str]) -> bool:
        return any(n == goal or (n not in seen and reaches(n, goal, seen | {n})) for n in graph[start])

    assert [m for m in sorted(graph) if reaches(m, m, set())] == []


def test_the_core_touches_no_outside_world() -> None:
    found = imports()
    assert {m: sorted(found[m] & OUTSIDE) for m in CORE if found[m] & OUTSIDE} == {}
