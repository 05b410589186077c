"""The domain stays pure: it imports the standard library, itself and a few pure helpers only."""

from __future__ import annotations

import ast
import sys
from pathlib import Path

DOMAIN = Path(__file__).resolve().parents[2] / "domain"
PURE_HELPERS = {"pyotp", "email_validator", "phonenumbers"}


def imported_top_level_modules(path: Path) -> set[str]:
    tree = ast.parse(path.read_text(encoding="utf-8"))
    names: set[str] = set()
    for node in ast.walk(tree):
        if isinstance(node, ast.Import):
            names.update(alias.name.split(".")[0] for alias in node.names)
        elif isinstance(node, ast.ImportFrom) and node.level == 0 and node.module:
            names.add(node.module.split(".")[0])
    return names


def test_the_domain_imports_no_io_layer_or_framework() -> None:
    allowed = set(sys.stdlib_module_names) | PURE_HELPERS | {"domain", "__future__"}
    offenders = {
        path.name: sorted(imported_top_level_modules(path) - allowed) for path in sorted(DOMAIN.glob("*.py"))
    }
    assert {name: bad for name, bad in offenders.items() if bad} == {}


def test_the_check_would_catch_an_io_import(tmp_path: Path) -> None:
    leaky = tmp_path / "leaky.py"
    leaky.write_text("import sqlmodel\nfrom telegram import Bot\nfrom storage.uow import X\n")
    assert imported_top_level_modules(leaky) == {"sqlmodel", "telegram", "storage"}
