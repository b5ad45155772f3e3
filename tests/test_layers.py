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


def test_domain_may_import_no_module_of_the_package_but_errors() -> None:
    forbidden = set(_contract("domain/ is pure")["forbidden_modules"])
    modules = {
        f"focco247.{path.stem}"
        for path in PACKAGE.iterdir()
        if (path.suffix == ".py" or (path / "__init__.py").exists())
        and path.stem not in {"__init__", "__main__", "domain", "errors"}
    }
    assert modules <= forbidden, f"add to the domain contract: {sorted(modules - forbidden)}"
