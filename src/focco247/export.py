"""Files handed to other systems: atomic, idempotent writes (CSV itself: `output.csv`)."""

from __future__ import annotations

import os
import tempfile
from pathlib import Path

from focco247.errors import InputError


def write_output(
    target: Path, default_name: str, content: str, force: bool = False
) -> tuple[Path, bool]:
    """Write `content` to a file (or a file named `default_name` inside an existing folder)
    through a temporary file and a rename, mode 0600.

    Same content already there: nothing is written (idempotent, for cron). Different content:
    refused unless `force`. Returns the path and whether it was written.
    """
    path = target / default_name if target.is_dir() else target
    data = content.encode("utf-8")
    if path.exists():
        if path.is_dir():
            raise InputError(f"{path} is a folder.")
        if path.read_bytes() == data:
            return path, False
        if not force:
            raise InputError(
                f"{path} already exists with different content; use --force to replace it."
            )
    if not path.parent.is_dir():
        raise InputError(f"The folder {path.parent} does not exist.")
    fd, tmp = tempfile.mkstemp(prefix=f".{path.name}.", suffix=".tmp", dir=path.parent)
    try:
        os.fchmod(fd, 0o600)
        with os.fdopen(fd, "wb") as handle:
            handle.write(data)
            handle.flush()
            os.fsync(handle.fileno())
        os.replace(tmp, path)
    except BaseException:
        Path(tmp).unlink(missing_ok=True)
        raise
    return path, True
