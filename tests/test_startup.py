"""SPEC §4: `--help` and `--version` never import the database layer."""

from __future__ import annotations

import json
import subprocess
import sys

import pytest

PROBE = """
import json, sys
from focco247.cli import app
try:
    app(sys.argv[1:], standalone_mode=False)
except SystemExit:
    pass
heavy = sorted(m for m in ("sqlalchemy", "sqlmodel", "rich", "holidays", "babel")
               if m in sys.modules)
print("\\n" + json.dumps(heavy))
"""


@pytest.mark.parametrize(
    "args",
    [["--help"], ["--version"], ["check", "--help"], ["client", "--help"], ["contract", "--help"]],
)
def test_help_and_version_do_not_import_the_database_layer(args, tmp_path):
    done = subprocess.run(
        [sys.executable, "-c", PROBE, *args],
        capture_output=True,
        text=True,
        timeout=60,
        cwd=tmp_path,
    )
    assert done.returncode == 0, done.stderr
    loaded = json.loads(done.stdout.strip().splitlines()[-1])
    assert "sqlalchemy" not in loaded
    assert "sqlmodel" not in loaded


def test_version_prints_the_package_version():
    from focco247 import __version__

    done = subprocess.run(
        [sys.executable, "-m", "focco247", "--version"], capture_output=True, text=True, timeout=60
    )
    assert done.returncode == 0
    assert done.stdout.strip() == f"focco247 {__version__}"


def test_help_groups_commands_by_who_uses_them_in_plain_text():
    import subprocess
    import sys

    out = subprocess.run(
        [sys.executable, "-m", "focco247", "--help"], capture_output=True, text=True, check=True
    ).stdout
    attendant, finance, admin = (
        out.index("Attendant commands:"),
        out.index("Finance commands:"),
        out.index("Admin commands:"),
    )
    assert attendant < out.index("  check ") < finance < out.index("  invoice ") < admin
    assert "╭" not in out  # no boxes: plain help everywhere


def test_check_on_a_sqlite_store_imports_neither_the_orm_nor_pydantic(acme, tmp_path):
    """The attendant's hot path: `check` reads a SQLite store through the sqlite3 module,
    and its text parameters are taken as typed (commands/_options.take_values_as_typed)."""
    probe = PROBE.replace('"babel")', '"babel", "pydantic")')
    done = subprocess.run(
        [sys.executable, "-c", probe, "check", acme],
        capture_output=True,
        text=True,
        timeout=60,
        cwd=tmp_path,
    )
    assert done.returncode == 0, done.stderr
    assert "ACME" in done.stdout
    loaded = json.loads(done.stdout.strip().splitlines()[-1])
    assert not {"sqlalchemy", "sqlmodel", "pydantic"} & set(loaded)
