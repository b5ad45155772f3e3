"""Build hook: compiles the gettext catalogs (locale/*/LC_MESSAGES/*.po) into .mo files.

The .mo files are build products, never committed: every wheel and every editable install
compiles them, so a fresh `pip install` speaks every language the sources carry. Run it as a
script (`python hatch_build.py`) to recompile after editing a catalog in a working copy.
"""

from __future__ import annotations

from pathlib import Path
from typing import Any

LOCALE = Path(__file__).parent / "src" / "focco247" / "locale"


def compile_catalogs(locale: Path = LOCALE) -> list[Path]:
    """Compile every .po under `locale` next to itself; refuses a catalog with errors."""
    from babel.messages.mofile import write_mo
    from babel.messages.pofile import read_po

    written = []
    for po in sorted(locale.glob("*/LC_MESSAGES/*.po")):
        with po.open("rb") as source:
            catalog = read_po(source, locale=po.parts[-3], abort_invalid=True)
        mo = po.with_suffix(".mo")
        with mo.open("wb") as target:
            write_mo(target, catalog, use_fuzzy=False)
        written.append(mo)
    return written


try:
    from hatchling.builders.hooks.plugin.interface import BuildHookInterface
except ImportError:  # run as a script outside a build
    BuildHookInterface = object  # type: ignore[misc,assignment]  # no hatchling: script use only


class CatalogBuildHook(BuildHookInterface):  # type: ignore[misc,valid-type]  # hatchling is untyped here
    PLUGIN_NAME = "custom"

    def initialize(self, version: str, build_data: dict[str, Any]) -> None:
        for mo in compile_catalogs():
            # .mo files are ignored by git; artifacts ships them all the same.
            build_data["artifacts"].append(str(mo.relative_to(Path(__file__).parent)))


if __name__ == "__main__":
    for path in compile_catalogs():
        print(path)
