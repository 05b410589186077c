"""No cycle between the top-level packages: each layer can be read, tested and replaced from below.

The outer layer (`app/`) builds everything and hands each inner package what it needs; an inner package
that imported `app/` back would tie the two into one, whatever their folders say. Every import counts,
including those inside functions or under `TYPE_CHECKING`.
"""

from __future__ import annotations

from pathlib import Path

from tests.unit.test_architecture import imported_top_level_modules

ROOT = Path(__file__).resolve().parents[2]
PACKAGES = ("app", "api", "bot", "domain", "storage", "gateways", "faq", "demo_site")
Edges = dict[str, dict[str, list[str]]]  # package -> package it imports -> the files that do


def package_imports(root: Path, packages: tuple[str, ...]) -> Edges:
    """Which of `packages` each package imports, and from which of its files (relative to `root`)."""
    edges: Edges = {package: {} for package in packages}
    for package in packages:
        for path in sorted((root / package).rglob("*.py")):
            for target in imported_top_level_modules(path) & set(packages) - {package}:
                edges[package].setdefault(target, []).append(str(path.relative_to(root)))
    return edges


def cycles(edges: Edges) -> list[list[str]]:
    """The groups of packages that reach one another (strongly connected, more than one), each sorted."""
    reach = {package: _reachable(edges, package) for package in edges}
    groups = {
        tuple(sorted({package} | {other for other in reach[package] if package in reach[other]}))
        for package in edges
    }
    return sorted(list(group) for group in groups if len(group) > 1)


def _reachable(edges: Edges, start: str) -> set[str]:
    seen: set[str] = set()
    todo = [start]
    while todo:
        for target in edges.get(todo.pop(), {}):
            if target not in seen:
                seen.add(target)
                todo.append(target)
    return seen


def _explain(edges: Edges, group: list[str]) -> list[str]:
    return [
        f"{source} -> {target}: {', '.join(files)}"
        for source in group
        for target, files in sorted(edges[source].items())
        if target in group
    ]


def test_no_top_level_package_imports_one_that_imports_it_back() -> None:
    edges = package_imports(ROOT, PACKAGES)
    assert {" <-> ".join(group): _explain(edges, group) for group in cycles(edges)} == {}


def test_the_check_finds_a_cycle_through_a_third_package_and_a_nested_module(tmp_path: Path) -> None:
    for name, source in {
        "outer/__init__.py": "",
        "outer/main.py": "from inner.views import view\n",
        "inner/__init__.py": "",
        "inner/views.py": "def view():\n    from middle import thing\n",
        "middle/__init__.py": "",
        "middle/deep/thing.py": "from outer.main import main\n",
        "leaf/__init__.py": "import outer\n",
    }.items():
        (tmp_path / name).parent.mkdir(parents=True, exist_ok=True)
        (tmp_path / name).write_text(source)
    edges = package_imports(tmp_path, ("outer", "inner", "middle", "leaf"))
    assert cycles(edges) == [["inner", "middle", "outer"]]
    assert _explain(edges, ["inner", "middle", "outer"]) == [
        "inner -> middle: inner/views.py",
        "middle -> outer: middle/deep/thing.py",
        "outer -> inner: outer/main.py",
    ]


def test_the_check_passes_a_layered_tree(tmp_path: Path) -> None:
    for name, source in {"top/a.py": "import low\nfrom mid import b\n", "mid/b.py": "import low\n"}.items():
        (tmp_path / name).parent.mkdir(parents=True, exist_ok=True)
        (tmp_path / name).write_text(source)
    (tmp_path / "low").mkdir()
    assert cycles(package_imports(tmp_path, ("top", "mid", "low"))) == []
