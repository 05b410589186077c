"""The reference login page is a client of the login API, as an integrating team's site would be: it
imports none of the product's packages, only the standard library, aiohttp and Jinja2."""

from __future__ import annotations

import sys
from pathlib import Path

from tests.unit.test_architecture import imported_top_level_modules

ROOT = Path(__file__).resolve().parents[2]
ALLOWED = {"demo_site", "aiohttp", "jinja2", "__future__"}


def test_the_demo_site_imports_only_the_standard_library_aiohttp_and_jinja2() -> None:
    found = {
        str(path.relative_to(ROOT)): sorted(
            name
            for name in imported_top_level_modules(path)
            if name not in ALLOWED and name not in sys.stdlib_module_names
        )
        for path in sorted((ROOT / "demo_site").rglob("*.py"))
    }
    assert found, "no module found under demo_site/"
    assert {path: names for path, names in found.items() if names} == {}
