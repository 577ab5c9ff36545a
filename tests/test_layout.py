"""The package's shape: folders named for pipeline stages, arrows pointing down it only,
no import cycles, no module over 300 lines."""

from __future__ import annotations

import ast
from pathlib import Path

import pytest

PACKAGE = Path(__file__).resolve().parent.parent / "src" / "reportgen"

# Pipeline order: a module may import modules of its own rank or below, never above.
RANKS = {
    "reportgen": 0,  # the package itself: its version and lazy exports
    "errors": 0,
    "project": 0,
    "themes": 0,
    "formatting": 0,
    "markup": 0,
    "model": 1,
    "load": 2,
    "validate": 3,
    "editions": 3.5,  # reads validated models; feeds what templates see (context, render)
    "context": 4,
    "render": 5,
    "charts": 6,
    "pdf": 7,
    "builder": 8,
}
TOP = 9  # cli, ui, serve, scaffold, reference, __main__


def module_name(path: Path) -> str:
    parts = path.relative_to(PACKAGE.parent).with_suffix("").parts
    return ".".join(parts[:-1] if parts[-1] == "__init__" else parts)


def rank(module: str) -> int:
    parts = module.split(".")
    if len(parts) == 1:
        return RANKS["reportgen"]
    return RANKS.get(parts[1], TOP)


def imports(path: Path) -> set[str]:
    """Every reportgen module a file imports, at any depth (lazy imports count too)."""
    name = module_name(path)
    package = name if path.name == "__init__.py" else name.rpartition(".")[0]
    found = set()
    for node in ast.walk(ast.parse(path.read_text())):
        if isinstance(node, ast.Import):
            found |= {a.name for a in node.names if a.name.startswith("reportgen")}
        elif isinstance(node, ast.ImportFrom):
            if node.level:
                base = package.split(".")
                base = base[: len(base) - node.level + 1]
                target = ".".join([*base, *([node.module] if node.module else [])])
            else:
                target = node.module or ""
            if target.startswith("reportgen"):
                found.add(target)
                found |= {
                    f"{target}.{a.name}" for a in node.names if is_module(f"{target}.{a.name}")
                }
    return found - {name}


def is_module(name: str) -> bool:
    path = PACKAGE.parent.joinpath(*name.split("."))
    return path.with_suffix(".py").is_file() or (path / "__init__.py").is_file()


MODULES = sorted(PACKAGE.rglob("*.py"))


@pytest.mark.parametrize("path", MODULES, ids=lambda p: module_name(p))
def test_imports_point_down_the_pipeline(path: Path) -> None:
    # The package's __init__ is its public face: it may name (lazily) anything below.
    here = TOP if module_name(path) == "reportgen" else rank(module_name(path))
    upward = sorted(m for m in imports(path) if rank(m) > here)
    assert upward == [], f"{module_name(path)} (rank {here}) imports {upward}"


def test_no_import_cycles() -> None:
    graph = {module_name(p): {m for m in imports(p) if is_module(m)} for p in MODULES}
    visiting: list[str] = []
    done: set[str] = set()

    def visit(node: str) -> None:
        if node in done:
            return
        assert node not in visiting, "import cycle: " + " -> ".join([*visiting, node])
        visiting.append(node)
        for target in sorted(graph.get(node, ())):
            if not node.startswith(target + ".") and target != "reportgen":
                visit(target)
        visiting.pop()
        done.add(node)

    for node in sorted(graph):
        visit(node)


@pytest.mark.parametrize("path", MODULES, ids=lambda p: module_name(p))
def test_no_module_over_300_lines(path: Path) -> None:
    assert len(path.read_text().splitlines()) <= 300


def test_stages_are_folders_named_for_what_they_do() -> None:
    stages = ("model", "load", "validate", "editions", "context", "render", "charts", "pdf")
    for stage in (*stages, "builder"):
        assert (PACKAGE / stage / "__init__.py").is_file(), stage
