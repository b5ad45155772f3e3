"""The project's own files: nothing left over from a merge."""

from __future__ import annotations

from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
TEXT = {".py", ".md", ".toml", ".po", ".html", ".txt", ".cfg", ".ini", ".css", ".js"}
SKIP = {".venv", ".git", "build", "dist", "node_modules"}
MARKERS = ("<<<<<<< ", ">>>>>>> ", "=======\n")


def test_no_file_holds_a_merge_conflict_marker():
    found = []
    for path in ROOT.rglob("*"):
        if SKIP & set(path.relative_to(ROOT).parts) or path.suffix not in TEXT:
            continue
        if not path.is_file():
            continue
        for number, line in enumerate(path.read_text(errors="replace").splitlines(True), 1):
            if line.startswith(MARKERS[:2]) or line == MARKERS[2]:
                found.append(f"{path.relative_to(ROOT)}:{number}")
    assert found == []
