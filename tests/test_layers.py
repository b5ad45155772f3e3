"""The layer contracts keep up with the package: a new top-level module is kept out of domain/."""

from __future__ import annotations

import tomllib
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
PACKAGE = ROOT / "src" / "focco247"


def _contract(name_start: str) -> dict[str, list[str]]:
    config = tomllib.loads((ROOT / "pyproject.toml").read_text("utf-8"))
    contracts = config["tool"]["importlinter"]["contracts"]
    (found,) = [c for c in contracts if c["name"].startswith(name_start)]
    return found


def test_domain_may_import_no_module_of_the_package_but_errors_and_i18n() -> None:
    forbidden = set(_contract("domain/ is pure")["forbidden_modules"])
    modules = {
        f"focco247.{path.stem}"
        for path in PACKAGE.iterdir()
        if (path.suffix == ".py" or (path / "__init__.py").exists())
        # i18n is the standard library's gettext: domain marks its sentences with it.
        and path.stem not in {"__init__", "__main__", "domain", "errors", "i18n"}
    }
    assert modules <= forbidden, f"add to the domain contract: {sorted(modules - forbidden)}"
