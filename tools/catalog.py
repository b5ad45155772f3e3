"""Keeps the gettext catalog in step with the sources.

    python tools/catalog.py            # extract every marked message, merge into each .po
    python tools/catalog.py --check    # exit 1 when a marked message is missing from a .po

Messages are marked with `_()`, `N_()` or `ngettext()` in src/ and in the page templates.
The command line's help is extracted as written: the docstrings of the commands and every
`help=` / `short_help=` literal in commands/*.py and cli.py (cli.translate_help translates
them when a command is built), and the demo tour's stories in data/demo.toml.
The .po files are edited by people; the build compiles them (hatch_build.py).
"""

from __future__ import annotations

import ast
import inspect
import sys
from collections.abc import Iterator
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
    for path, lineno, text in [*help_texts(), *demo_stories()]:
        catalog.add(text, None, [(str(path.relative_to(ROOT)), lineno)])
    return catalog


def demo_stories() -> Iterator[tuple[Path, int, str]]:
    """The demo tour's stories (data/demo.toml), shown in the interface language."""
    import tomllib

    path = ROOT / "data" / "demo.toml"
    text = path.read_text("utf-8")
    for stop in tomllib.loads(text).get("tour", []):
        story = stop.get("story")
        if isinstance(story, str) and story:
            lineno = text[: text.find(story)].count("\n") + 1
            yield path, lineno, story


def _command_names() -> set[tuple[str, str]]:
    """(module, function) of the commands cli.py registers by name (not through an app)."""
    tree = ast.parse((SOURCE / "cli.py").read_text("utf-8"))
    names = set()
    for node in ast.walk(tree):
        if isinstance(node, ast.Tuple) and len(node.elts) == 3:
            values = [e.value for e in node.elts if isinstance(e, ast.Constant)]
            if len(values) == 3 and all(isinstance(v, str) for v in values):
                names.add((values[0], values[1]))
    return names


def _is_command(node: ast.FunctionDef, module: str, registered: set[tuple[str, str]]) -> bool:
    for decorator in node.decorator_list:
        target = decorator.func if isinstance(decorator, ast.Call) else decorator
        if isinstance(target, ast.Attribute) and target.attr in ("command", "callback"):
            return True
    return (module, node.name) in registered


def help_texts() -> Iterator[tuple[Path, int, str]]:
    """The help of the command line as typer reads it: command docstrings (cleaned as
    inspect.getdoc does) and `help=` / `short_help=` string literals."""
    registered = _command_names()
    for path in [SOURCE / "cli.py", *sorted((SOURCE / "commands").glob("*.py"))]:
        tree = ast.parse(path.read_text("utf-8"))
        module = path.stem
        for node in ast.walk(tree):
            if isinstance(node, ast.FunctionDef):
                doc = ast.get_docstring(node, clean=False)
                # A command is decorated, named in cli.py, or registered by hand (call link);
                # every command's help carries an example (tests/test_help.py).
                if doc and (_is_command(node, module, registered) or "Example:" in doc):
                    yield path, node.lineno, inspect.cleandoc(doc)
            elif (
                isinstance(node, ast.keyword)
                and node.arg in ("help", "short_help")
                and isinstance(node.value, ast.Constant)
                and isinstance(node.value.value, str)
                and node.value.value
            ):
                yield path, node.value.lineno, node.value.value


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
