"""Every sentence a person reads in output/ is marked for translation (SPEC §5, issue 14).

An AST scan of src/focco247/output/: a string literal with a word and a space (or a word and
a colon) outside `_()`, `N_()` and `ngettext()` is a human sentence nobody can translate.
Docstrings, markup (HTML/SVG/CSS) and JSON keys are not sentences.
"""

from __future__ import annotations

import ast
import re
from pathlib import Path

import pytest

OUTPUT = Path(__file__).resolve().parents[2] / "src" / "focco247" / "output"
MARKERS = {"_", "N_", "ngettext"}

# Tables that are in Portuguese by design: the requester's page speaks pt-BR to clients.
PORTUGUESE_BY_DESIGN = {("portal.py", "STATUS"), ("portal.py", "LEVEL"), ("portal.py", "MESSAGES")}

# Strings that are not read as sentences: formats and a programming error.
FORMAT_ONLY = {"not JSON serialisable: "}

_WORDS = re.compile(r"[A-Za-z]{2,}[ :]|[ ][A-Za-z]{2,}")
_MARKUP = re.compile(r'[<>]|="|\{[^}]*;')
# rich styles ("bold green") name colours, not sentences.
_STYLE_WORD = "(?:bold|dim|italic|underline|reverse|red|green|yellow|blue|cyan|magenta|white)"
_STYLE = re.compile(rf"{_STYLE_WORD}(?: {_STYLE_WORD})+")


def _docstrings(tree: ast.AST) -> set[int]:
    found = set()
    for node in ast.walk(tree):
        if isinstance(node, (ast.Module, ast.FunctionDef, ast.AsyncFunctionDef, ast.ClassDef)):
            body = node.body
            if body and isinstance(body[0], ast.Expr) and isinstance(body[0].value, ast.Constant):
                found.add(id(body[0].value))
    return found


def _inside(tree: ast.AST, wanted) -> set[int]:
    found = set()
    for node in ast.walk(tree):
        if wanted(node):
            found.update(id(child) for child in ast.walk(node))
    return found


def _is_marker_call(node: ast.AST) -> bool:
    return (
        isinstance(node, ast.Call) and isinstance(node.func, ast.Name) and node.func.id in MARKERS
    )


def unmarked(path: Path) -> list[tuple[int, str]]:
    tree = ast.parse(path.read_text("utf-8"))
    skip = _docstrings(tree) | _inside(tree, _is_marker_call)
    for name in (n for f, n in PORTUGUESE_BY_DESIGN if f == path.name):
        skip |= _inside(
            tree,
            lambda node, name=name: (
                isinstance(node, ast.Assign)
                and any(isinstance(t, ast.Name) and t.id == name for t in node.targets)
            ),
        )
    out = []
    for node in ast.walk(tree):
        if not (isinstance(node, ast.Constant) and isinstance(node.value, str)):
            continue
        text = node.value
        if (
            id(node) in skip
            or text in FORMAT_ONLY
            or _MARKUP.search(text)
            or _STYLE.fullmatch(text)
        ):
            continue
        if _WORDS.search(text):
            out.append((node.lineno, text))
    return sorted(out)


FILES = sorted(OUTPUT.glob("*.py"))


@pytest.mark.parametrize("path", FILES, ids=[p.name for p in FILES])
def test_every_human_string_in_output_is_marked_for_translation(path):
    assert unmarked(path) == []


def test_the_scan_finds_an_unmarked_sentence_and_passes_a_marked_one(tmp_path):
    sample = tmp_path / "sample.py"
    sample.write_text(
        '"""Docstring, not a sentence to mark."""\n'
        "from focco247.i18n import _\n"
        'a = _("Marked sentence.")\n'
        'b = f"Not marked: {a}"\n'
        'c = {"call_id": 1}\n'
        "d = '<p class=\"muted\">'\n"
    )
    assert unmarked(sample) == [(4, "Not marked: ")]
