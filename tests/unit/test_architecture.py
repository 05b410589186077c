"""The domain stays pure: it imports the standard library, itself and a few pure helpers only; and its
parts are layered, each importing only the parts below it."""

from __future__ import annotations

import ast
import sys
from pathlib import Path

DOMAIN = Path(__file__).resolve().parents[2] / "domain"
PURE_HELPERS = {"pyotp", "email_validator", "phonenumbers"}
# Bottom first: a part may import itself and any part before it in this list, nothing after it.
LAYERS = ("core", "wording", "proofs", "accounts", "signin", "chat")


def imported_top_level_modules(path: Path) -> set[str]:
    tree = ast.parse(path.read_text(encoding="utf-8"))
    names: set[str] = set()
    for node in ast.walk(tree):
        if isinstance(node, ast.Import):
            names.update(alias.name.split(".")[0] for alias in node.names)
        elif isinstance(node, ast.ImportFrom) and node.level == 0 and node.module:
            names.add(node.module.split(".")[0])
    return names


def imported_domain_parts(path: Path) -> set[str]:
    """The domain's subpackages `path` imports (`from domain.chat.x import y`, `import domain.core.x`)."""
    parts: set[str] = set()
    for node in ast.walk(ast.parse(path.read_text(encoding="utf-8"))):
        modules = []
        if isinstance(node, ast.Import):
            modules = [alias.name for alias in node.names]
        elif isinstance(node, ast.ImportFrom) and node.level == 0 and node.module:
            modules = [node.module]
            if node.module == "domain":
                modules = [f"domain.{alias.name}" for alias in node.names]
        parts.update(m.split(".")[1] for m in modules if m.startswith("domain.") and m.count(".") >= 1)
    return parts


def test_the_domain_imports_no_io_layer_or_framework() -> None:
    allowed = set(sys.stdlib_module_names) | PURE_HELPERS | {"domain", "__future__"}
    offenders = {
        str(path.relative_to(DOMAIN)): sorted(imported_top_level_modules(path) - allowed)
        for path in sorted(DOMAIN.rglob("*.py"))
    }
    assert {name: bad for name, bad in offenders.items() if bad} == {}


def test_every_domain_module_lives_in_one_of_the_parts() -> None:
    assert sorted(p.name for p in DOMAIN.glob("*.py")) == ["__init__.py"]
    parts = [p.name for p in DOMAIN.iterdir() if p.is_dir() and p.name != "__pycache__"]
    assert sorted(parts) == sorted(LAYERS)


def test_each_part_imports_only_the_parts_below_it() -> None:
    upward = {}
    for part in LAYERS:
        below = set(LAYERS[: LAYERS.index(part) + 1])
        for path in sorted((DOMAIN / part).rglob("*.py")):
            if bad := imported_domain_parts(path) - below:
                upward[str(path.relative_to(DOMAIN))] = sorted(bad)
    assert upward == {}


def test_the_checks_would_catch_an_io_import_and_an_upward_one(tmp_path: Path) -> None:
    leaky = tmp_path / "leaky.py"
    leaky.write_text("import sqlmodel\nfrom telegram import Bot\nfrom storage.uow import X\n")
    assert imported_top_level_modules(leaky) == {"sqlmodel", "telegram", "storage"}
    upward = tmp_path / "upward.py"
    upward.write_text(
        "from domain.chat.turn import Turn\nfrom domain import wording\nimport domain.core.model\n"
    )
    assert imported_domain_parts(upward) == {"chat", "wording", "core"}
