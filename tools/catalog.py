"""Keeps the gettext catalog in step with the sources.

    python tools/catalog.py            # extract every marked message, merge into each .po
    python tools/catalog.py --check    # exit 1 when a marked message is missing from a .po

Messages are marked with `_()`, `N_()` or `ngettext()` in src/ and in the page templates.
The .po files are edited by people; the build compiles them (hatch_build.py).
"""

from __future__ import annotations

import sys
from pathlib import Path

from babel.messages.catalog import Catalog
from babel.messages.extract import extract_from_dir
from babel.messages.pofile import read_po, write_po

ROOT = Path(__file__).resolve().parent.parent
SOURCE = ROOT / "src" / "focco247"
LOCALE = SOURCE / "locale"
KEYWORDS = {"_": None, "N_": None, "ngettext": (1, 2)}
METHODS = [("**/templates/**.html", "jinja2"), ("**.py", "python")]
OPTIONS = {"**/templates/**.html": {"extensions": "jinja2.ext.i18n", "trimmed": "true"}}


def extracted() -> Catalog:
    catalog = Catalog(project="focco247", domain="focco247")
    for filename, lineno, message, comments, context in extract_from_dir(
        SOURCE, METHODS, OPTIONS, keywords=KEYWORDS, strip_comment_tags=True
    ):
        catalog.add(message, None, [(f"src/focco247/{filename}", lineno)],
                    auto_comments=comments, context=context)  # fmt: skip
    return catalog


def catalogs() -> list[Path]:
    return sorted(LOCALE.glob("*/LC_MESSAGES/focco247.po"))


def missing(template: Catalog, po: Path) -> list[str]:
    with po.open("rb") as source:
        catalog = read_po(source)
    return [str(m.id) for m in template if m.id and m.id not in catalog]


def main(argv: list[str]) -> int:
    template = extracted()
    if "--check" in argv:
        gaps = {po: missing(template, po) for po in catalogs()}
        for po, ids in gaps.items():
            for msgid in ids:
                print(f"{po.relative_to(ROOT)}: missing {msgid!r}")
        return 1 if any(gaps.values()) else 0
    for po in catalogs():
        with po.open("rb") as source:
            catalog = read_po(source, locale=po.parts[-3])
        catalog.update(template, no_fuzzy_matching=True)
        with po.open("wb") as target:
            write_po(target, catalog, width=100, omit_header=False, ignore_obsolete=True)
        print(f"updated {po.relative_to(ROOT)}")
    return 0


if __name__ == "__main__":
    sys.exit(main(sys.argv[1:]))
