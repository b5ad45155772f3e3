"""The built wheel carries data/: an installed copy finds the demo book and the policy files."""

from __future__ import annotations

import os
import subprocess
import sys
import zipfile
from pathlib import Path

import pytest

pytestmark = pytest.mark.e2e

ROOT = Path(__file__).resolve().parents[2]


def test_an_installed_wheel_reads_its_data_from_the_installed_copy(tmp_path: Path) -> None:
    wheels = tmp_path / "wheels"
    subprocess.run(
        [sys.executable, "-m", "pip", "wheel", "-q", "--no-deps", "-w", str(wheels), str(ROOT)],
        check=True,
        timeout=300,
    )
    (wheel,) = wheels.glob("focco247-*.whl")
    site = tmp_path / "site"
    with zipfile.ZipFile(wheel) as archive:
        names = set(archive.namelist())
        archive.extractall(site)
    assert {
        "focco247/data/demo.toml",
        "focco247/data/policy.toml",
        "focco247/data/config.toml",
    } <= names
    assert not any(name.endswith("ruff.toml") for name in names)

    # The unpacked wheel comes first on the path; the source checkout is nowhere near.
    env = dict(
        os.environ,
        PYTHONPATH=str(site),
        FOCCO247_DB=str(tmp_path / "demo.db"),
        FOCCO247_CONFIG=str(tmp_path / "config.toml"),
        FOCCO247_CACHE=str(tmp_path / "cache"),
        FOCCO247_NOW="2026-11-27T12:00:00-03:00",
    )
    where = subprocess.run(
        [
            sys.executable,
            "-c",
            "import focco247, focco247.paths as p; "
            "print(focco247.__file__); print(p.data_file('policy.toml'))",
        ],
        env=env,
        cwd=tmp_path,
        capture_output=True,
        text=True,
        check=True,
    ).stdout.splitlines()
    assert all(Path(line).is_relative_to(site) for line in where)

    demo = subprocess.run(
        [sys.executable, "-m", "focco247", "demo", "--json"],
        env=env,
        cwd=tmp_path,
        capture_output=True,
        text=True,
    )
    assert demo.returncode == 0, demo.stderr
    assert '"loaded"' in demo.stdout and "ACME" in demo.stdout
