"""The one file writer: all or nothing, private by default, no temporary file left behind."""

from __future__ import annotations

import stat
from pathlib import Path

import pytest

from focco247 import atomic

# These tests look at every file in their folder: no store is made there for them.
pytestmark = pytest.mark.no_store


def _mode(path: Path) -> int:
    return stat.S_IMODE(path.stat().st_mode)


def test_a_new_file_is_written_whole_and_private(tmp_path: Path) -> None:
    target = tmp_path / "out.txt"
    atomic.write_bytes(target, b"hello")
    assert target.read_bytes() == b"hello"
    assert _mode(target) == 0o600
    assert [p.name for p in tmp_path.iterdir()] == ["out.txt"]


def test_an_existing_file_is_replaced_and_the_mode_asked_for_is_kept(tmp_path: Path) -> None:
    target = tmp_path / "out.txt"
    target.write_bytes(b"old")
    atomic.write_bytes(target, b"new", mode=0o644)
    assert target.read_bytes() == b"new"
    assert _mode(target) == 0o644


def test_a_failing_writer_leaves_the_target_untouched_and_no_temporary_file(
    tmp_path: Path,
) -> None:
    target = tmp_path / "out.db"
    target.write_bytes(b"old")
    with pytest.raises(RuntimeError), atomic.replacing(target) as temp:
        temp.write_bytes(b"half")
        raise RuntimeError("the writer failed")
    assert target.read_bytes() == b"old"
    assert [p.name for p in tmp_path.iterdir()] == ["out.db"]


def test_a_writer_that_needs_a_path_gets_a_private_one_beside_the_target(tmp_path: Path) -> None:
    target = tmp_path / "out.db"
    with atomic.replacing(target) as temp:
        assert temp.parent == tmp_path
        assert _mode(temp) == 0o600
        temp.write_bytes(b"copy")
    assert target.read_bytes() == b"copy"
    assert [p.name for p in tmp_path.iterdir()] == ["out.db"]


def test_a_missing_folder_is_an_os_error_and_creates_nothing(tmp_path: Path) -> None:
    with pytest.raises(OSError):
        atomic.write_bytes(tmp_path / "missing" / "out.txt", b"x")
    assert list(tmp_path.iterdir()) == []
