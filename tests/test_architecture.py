"""The layout's promises, read from the source (README: Architecture; CONTRIBUTING.md).

- Each app imports only the apps below it on the ladder, counting imports inside functions.
- No cycle between modules, counting every import (top-level, inside functions, under TYPE_CHECKING).
- Within an app: services never import tasks (they call ``jobs``), selectors never import services.
- No module over 400 lines, migrations aside.

An import names the module it imports: ``import a.b`` and ``from a import b`` (b a module) name ``a.b``,
``from a.b import name`` names ``a.b``. Importing ``a.b`` also runs ``a/__init__.py``; that edge is not
counted, so a package's ``__init__`` may re-export its modules without making every sibling import a loop.
"""

from __future__ import annotations

import ast
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parent.parent
# Bottom first. An app may import itself and any app to its left.
LADDER = ["core", "accounts", "notifications", "practice", "courses", "reports", "tweetcamp", "bench"]
MAX_LINES = 400
SOURCE_DIRS = [*LADDER, "tests"]


def _module_name(path: Path) -> str:
    parts = list(path.relative_to(ROOT).with_suffix("").parts)
    if parts[-1] == "__init__":
        parts.pop()
    return ".".join(parts)


def _python_files(dirs: list[str]) -> list[Path]:
    files = []
    for top in dirs:
        files += [p for p in sorted((ROOT / top).rglob("*.py")) if "migrations" not in p.parts]
    return files


MODULES: dict[str, Path] = {_module_name(p): p for p in _python_files(LADDER)}


def _resolve(name: str) -> str | None:
    """The first-party module that ``name`` stands for: the longest prefix that is one of ours."""
    parts = name.split(".")
    while parts:
        candidate = ".".join(parts)
        if candidate in MODULES:
            return candidate
        parts.pop()
    return None


def _imports(module: str, path: Path) -> list[tuple[str, int]]:
    """(imported first-party module, line) for every import statement anywhere in the file."""
    tree = ast.parse(path.read_text(encoding="utf-8"), filename=str(path))
    package = module if path.name == "__init__.py" else module.rpartition(".")[0]
    found: list[tuple[str, int]] = []
    for node in ast.walk(tree):
        if isinstance(node, ast.Import):
            names = [alias.name for alias in node.names]
        elif isinstance(node, ast.ImportFrom):
            base = node.module or ""
            if node.level:
                anchor = package.split(".")
                anchor = anchor[: len(anchor) - (node.level - 1)] if node.level > 1 else anchor
                base = ".".join([*anchor, base] if base else anchor)
            names = [f"{base}.{alias.name}" if f"{base}.{alias.name}" in MODULES else base for alias in node.names]
        else:
            continue
        for name in names:
            target = _resolve(name)
            if target is not None and target != module:
                found.append((target, node.lineno))
    return found


GRAPH: dict[str, list[tuple[str, int]]] = {module: _imports(module, path) for module, path in MODULES.items()}


def _app(module: str) -> str:
    return module.split(".")[0]


def _where(module: str, line: int) -> str:
    return f"{MODULES[module].relative_to(ROOT)}:{line}"


def test_no_app_imports_an_app_above_it():
    rank = {app: i for i, app in enumerate(LADDER)}
    offenders = [
        f"{_where(module, line)} imports {target} ({_app(module)} sits below {_app(target)})"
        for module, edges in GRAPH.items()
        for target, line in edges
        if rank[_app(target)] > rank[_app(module)]
    ]
    assert not offenders, "Imports that run back up the ladder:\n" + "\n".join(offenders)


def _cycles() -> list[list[str]]:
    """Strongly connected components of more than one module (Tarjan's algorithm, iterative)."""
    index: dict[str, int] = {}
    low: dict[str, int] = {}
    stack: list[str] = []
    on_stack: set[str] = set()
    found: list[list[str]] = []
    counter = 0
    for root in sorted(GRAPH):
        if root in index:
            continue
        work = [(root, iter(sorted({t for t, _ in GRAPH[root]})))]
        index[root] = low[root] = counter
        counter += 1
        stack.append(root)
        on_stack.add(root)
        while work:
            node, children = work[-1]
            advanced = False
            for child in children:
                if child not in index:
                    index[child] = low[child] = counter
                    counter += 1
                    stack.append(child)
                    on_stack.add(child)
                    work.append((child, iter(sorted({t for t, _ in GRAPH[child]}))))
                    advanced = True
                    break
                if child in on_stack:
                    low[node] = min(low[node], index[child])
            if advanced:
                continue
            work.pop()
            if work:
                low[work[-1][0]] = min(low[work[-1][0]], low[node])
            if low[node] == index[node]:
                component = []
                while True:
                    member = stack.pop()
                    on_stack.discard(member)
                    component.append(member)
                    if member == node:
                        break
                if len(component) > 1:
                    found.append(sorted(component))
    return found


def test_no_import_cycle_between_modules():
    described = []
    for component in _cycles():
        members = set(component)
        edges = [
            f"  {_where(module, line)} -> {target}"
            for module in component
            for target, line in GRAPH[module]
            if target in members
        ]
        described.append(" <-> ".join(component) + "\n" + "\n".join(edges))
    assert not described, "Import cycles (every import counted):\n" + "\n".join(described)


def _kind(module: str) -> str:
    """'services', 'selectors', 'tasks' or '' for a module by the layer its name says it is in."""
    for layer in ("services", "selectors", "tasks"):
        if layer in module.split("."):
            return layer
    return ""


@pytest.mark.parametrize(
    ("layer", "forbidden"),
    [("services", "tasks"), ("selectors", "services"), ("selectors", "tasks")],
)
def test_lower_layers_of_an_app_do_not_import_higher_ones(layer, forbidden):
    offenders = [
        f"{_where(module, line)} imports {target}"
        for module, edges in GRAPH.items()
        if _kind(module) == layer
        for target, line in edges
        if _kind(target) == forbidden
    ]
    assert not offenders, f"{layer} importing {forbidden}:\n" + "\n".join(offenders)


def test_no_module_is_over_400_lines():
    offenders = []
    for path in _python_files(SOURCE_DIRS):
        lines = len(path.read_text(encoding="utf-8").splitlines())
        if lines > MAX_LINES:
            offenders.append(f"{path.relative_to(ROOT)}: {lines} lines")
    assert not offenders, f"Modules over {MAX_LINES} lines (split them by sub-domain):\n" + "\n".join(offenders)


def test_the_floor_and_the_pure_text_modules_know_no_app():
    offenders = [
        f"{_where(module, line)} imports {target}"
        for module, edges in GRAPH.items()
        if _app(module) == "core"
        for target, line in edges
        if _app(target) != "core"
    ]
    assert not offenders, "core/ must import no app:\n" + "\n".join(offenders)


def test_the_checker_sees_the_code():
    # Guards the checks above from passing on an empty graph (a moved folder, a broken walk).
    assert {"accounts.models", "practice.models", "courses.models", "tweetcamp.settings"} <= set(MODULES)
    assert any(target == "accounts.models" for edges in GRAPH.values() for target, _ in edges)
