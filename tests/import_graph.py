"""The import graph of a source tree, read with ast: for the floors contract in test_architecture.

Every import counts, at module level or inside a function: a function-level import hides a
circle from Python at start-up, not from a reader.
"""

from __future__ import annotations

import ast
from collections.abc import Iterable
from pathlib import Path

# The entry floors: they parse, call a use case and render. Nothing below them imports them.
ENTRY = ("service.api", "service.web", "service.webhooks", "service.cli", "service.main")
# Pure libraries: they import nothing of the service.
PURE = ("scheduling", "notifications")


def modules(root: Path, packages: Iterable[str]) -> dict[str, Path]:
    """Every module of the given top-level packages under `root`, by dotted name."""
    found = {}
    for package in packages:
        for path in sorted((root / package).rglob("*.py")):
            parts = path.relative_to(root).with_suffix("").parts
            name = ".".join(parts[:-1] if parts[-1] == "__init__" else parts)
            found[name] = path
    return found


def imports_of(name: str, path: Path, known: set[str]) -> set[str]:
    """The known modules `name` imports (a name imported from a package counts as the package
    unless it is a submodule)."""
    tree = ast.parse(path.read_text(encoding="utf-8"), filename=str(path))
    is_package = path.name == "__init__.py"
    out: set[str] = set()
    for node in ast.walk(tree):
        if isinstance(node, ast.Import):
            targets = [alias.name for alias in node.names]
        elif isinstance(node, ast.ImportFrom):
            base = node.module or ""
            if node.level:
                anchor = name.split(".")
                anchor = anchor if is_package else anchor[:-1]
                anchor = anchor[: len(anchor) - (node.level - 1)]
                base = ".".join([*anchor, base] if base else anchor)
            targets = [f"{base}.{alias.name}" for alias in node.names] + [base]
            targets = [t for t in targets if t in known] or [base]
            if len(targets) > 1 and base in targets:
                targets.remove(base)  # `from pkg import submodule` imports the submodule
        else:
            continue
        for target in targets:
            while target and target not in known:
                target = target.rpartition(".")[0]
            if target and target != name:
                out.add(target)
    return out


def graph(root: Path, packages: Iterable[str] = ("service", *PURE)) -> dict[str, set[str]]:
    """Module -> the modules it imports, for every module of `packages`."""
    found = modules(root, packages)
    known = set(found)
    return {name: imports_of(name, path, known) for name, path in found.items()}


def _within(name: str, prefixes: Iterable[str]) -> bool:
    return any(name == p or name.startswith(p + ".") for p in prefixes)


def climbs(edges: dict[str, set[str]]) -> list[str]:
    """Imports that go up a floor: a domain or foundation module importing an entry floor, or a
    pure library importing the service."""
    found = []
    for source, targets in sorted(edges.items()):
        for target in sorted(targets):
            if _within(source, PURE) and not _within(target, PURE):
                found.append(f"{source} -> {target} (a pure library imports the service)")
            elif (
                _within(source, ("service",))
                and not _within(source, ENTRY)
                and _within(target, ENTRY)
            ):
                found.append(f"{source} -> {target} (below the entry floors, imports one)")
    return found


def cycles(edges: dict[str, set[str]]) -> list[list[str]]:
    """Strongly connected groups of more than one module (Tarjan), each sorted.

    A package's __init__ that re-exports its own submodules is not a circle of the code's
    design, so edges from a package to its submodules and back are left out.
    """

    def own(a: str, b: str) -> bool:
        return b.startswith(a + ".") or a.startswith(b + ".")

    g = {a: {b for b in bs if b in edges and not own(a, b)} for a, bs in edges.items()}
    index: dict[str, int] = {}
    low: dict[str, int] = {}
    stack: list[str] = []
    on: set[str] = set()
    out: list[list[str]] = []

    def visit(v: str) -> None:
        index[v] = low[v] = len(index)
        stack.append(v)
        on.add(v)
        for w in g[v]:
            if w not in index:
                visit(w)
                low[v] = min(low[v], low[w])
            elif w in on:
                low[v] = min(low[v], index[w])
        if low[v] == index[v]:
            group = []
            while True:
                w = stack.pop()
                on.discard(w)
                group.append(w)
                if w == v:
                    break
            if len(group) > 1:
                out.append(sorted(group))

    for v in sorted(g):
        if v not in index:
            visit(v)
    return out
