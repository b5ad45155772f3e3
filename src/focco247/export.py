"""Files handed to other systems: atomic, idempotent writes (CSV itself: `output.csv`)."""

from __future__ import annotations

from pathlib import Path

from focco247 import atomic
from focco247.errors import InputError
from focco247.i18n import _


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
            raise InputError(_("{path} is a folder.").format(path=path))
        if path.read_bytes() == data:
            return path, False
        if not force:
            raise InputError(
                _(
                    "{path} already exists with different content; use --force to replace it."
                ).format(path=path)
            )
    if not path.parent.is_dir():
        raise InputError(_("The folder {folder} does not exist.").format(folder=path.parent))
    atomic.write_bytes(path, data)
    return path, True
