"""The package's import structure: layers, the shells' reach, private names, no circles.

The rules (ARCHITECTURE.md explains them): a module imports only modules of its own layer
or below; the shells (``cli/``, ``lsp/``) reach the engine only through ``project/``;
no module imports another module's private names; no modules import each other in a
circle (imports inside functions count too).
"""

from __future__ import annotations

import ast
from pathlib import Path

import pytest

PACKAGE = Path(__file__).resolve().parent.parent / "server" / "storylint"

#: Layers from the bottom; a module's layer is that of its longest matching prefix.
LAYERS = {
    "storylint": 0,
    "storylint.findings": 0,
    "storylint.data": 0,
    "storylint.options": 0,
    "storylint.read": 1,
    "storylint.parse": 2,
    "storylint.config": 3,
    "storylint.checks": 4,
    "storylint.report": 5,
    "storylint.engine": 6,
    "storylint.languagetool": 7,
    "storylint.project": 8,
    "storylint.outputs": 8,
    "storylint.lsp": 9,
    "storylint.cli": 10,
    "storylint.__main__": 11,
}

#: What the shells may import of the package besides themselves.
SHELL_REACH = (
    "storylint",
    "storylint.project",
    "storylint.config",
    "storylint.report",
    "storylint.findings",
    "storylint.outputs",
    "storylint.lsp",  # ``storylint lsp`` starts the server
)


def _module_name(path: Path) -> str:
    parts = list(path.relative_to(PACKAGE.parent).with_suffix("").parts)
    if parts[-1] == "__init__":
        parts.pop()
    return ".".join(parts)


MODULES = {_module_name(p): p for p in sorted(PACKAGE.rglob("*.py"))}


def _imports(name: str) -> list[tuple[str, list[str], int]]:
    """(module imported, names taken, line) of every import in a module, anywhere in it."""
    path = MODULES[name]
    tree = ast.parse(path.read_text(encoding="utf-8"))
    package = name if path.name == "__init__.py" else name.rpartition(".")[0]
    found = []
    for node in ast.walk(tree):
        if isinstance(node, ast.Import):
            found += [(alias.name, [], node.lineno) for alias in node.names]
        elif isinstance(node, ast.ImportFrom):
            base = node.module or ""
            if node.level:
                up = package.split(".")[: len(package.split(".")) - node.level + 1]
                base = ".".join([*up, base] if base else up)
            names = [alias.name for alias in node.names]
            submodules = [n for n in names if f"{base}.{n}" in MODULES]
            for sub in submodules:
                found.append((f"{base}.{sub}", [], node.lineno))
            rest = [n for n in names if n not in submodules]
            if rest or not submodules:
                found.append((base, rest, node.lineno))
    return [item for item in found if item[0].split(".")[0] == "storylint"]


def _layer(name: str) -> int:
    best = max((p for p in LAYERS if name == p or name.startswith(p + ".")), key=len)
    return LAYERS[best]


def _top(name: str) -> str:
    return ".".join(name.split(".")[:2])


@pytest.mark.parametrize("name", sorted(MODULES))
def test_imports_go_down_the_layers(name):
    wrong = [
        f"line {line}: {target}"
        for target, _, line in _imports(name)
        if _layer(target) > _layer(name)
        or (_layer(target) == _layer(name) and _top(target) != _top(name) and _layer(name) > 0)
    ]
    assert not wrong, f"{name} imports from a layer above or beside it: {wrong}"


@pytest.mark.parametrize(
    "name", sorted(n for n in MODULES if _top(n) in ("storylint.cli", "storylint.lsp"))
)
def test_the_shells_reach_the_engine_only_through_the_project(name):
    wrong = [
        f"line {line}: {target}"
        for target, _, line in _imports(name)
        if _top(target) != _top(name)
        and not any(target == r or target.startswith(r + ".") for r in SHELL_REACH[1:])
        and target != "storylint"
    ]
    assert not wrong, f"{name} reaches past the project layer: {wrong}"


@pytest.mark.parametrize("name", sorted(MODULES))
def test_no_private_names_of_other_modules(name):
    wrong = [
        f"line {line}: {target}.{taken}"
        for target, names, line in _imports(name)
        for taken in names
        if taken.startswith("_") and not taken.startswith("__") and target != name
    ]
    assert not wrong, f"{name} imports private names: {wrong}"


def test_no_import_circles():
    graph = {
        name: {t for t, _, _ in _imports(name) if t in MODULES and t != name} for name in MODULES
    }
    index: dict[str, int] = {}
    low: dict[str, int] = {}
    stack: list[str] = []
    circles: list[list[str]] = []

    def visit(node: str) -> None:  # Tarjan's strongly connected components
        index[node] = low[node] = len(index)
        stack.append(node)
        for other in graph[node]:
            if other not in index:
                visit(other)
                low[node] = min(low[node], low[other])
            elif other in stack:
                low[node] = min(low[node], index[other])
        if low[node] == index[node]:
            component = []
            while True:
                item = stack.pop()
                component.append(item)
                if item == node:
                    break
            if len(component) > 1:
                circles.append(sorted(component))

    for node in graph:
        if node not in index:
            visit(node)
    assert not circles, f"modules that import each other: {circles}"


def test_the_checker_finds_a_forbidden_import(tmp_path, monkeypatch):
    """The rules above can fail: a shell importing the parser is caught."""
    bad = PACKAGE / "cli" / "check.py"
    monkeypatch.setitem(MODULES, "storylint.cli.check", tmp_path / "check.py")
    (tmp_path / "check.py").write_text(
        bad.read_text(encoding="utf-8") + "\nfrom storylint.parse.document import _x\n",
        encoding="utf-8",
    )
    with pytest.raises(AssertionError, match=r"storylint\.parse\.document"):
        test_the_shells_reach_the_engine_only_through_the_project("storylint.cli.check")
    with pytest.raises(AssertionError, match="private names"):
        test_no_private_names_of_other_modules("storylint.cli.check")
