"""The one way a file is written: into a temporary file beside it, flushed to disk, then
renamed over the target, so a reader sees the old file or the new one, never half of one.

New files are private (mode 0600) unless a caller asks otherwise. On any failure, an
interrupt included, the temporary file is removed and the target is left as it was.
"""

from __future__ import annotations

import os
import stat
import tempfile
from collections.abc import Iterator
from contextlib import contextmanager
from pathlib import Path


def ensure_folder(folder: Path) -> None:
    """Create `folder` and any missing parents, each private (0700) whatever the umask;
    folders that already exist are left as they are."""
    missing: list[Path] = []
    here = folder
    while not here.exists() and here != here.parent:
        missing.append(here)
        here = here.parent
    for path in reversed(missing):
        try:
            path.mkdir(mode=0o700)
        except FileExistsError:  # made meanwhile by another process
            continue
        os.chmod(path, 0o700)  # mkdir's mode passes through the umask


def write_bytes(path: Path, data: bytes, mode: int = 0o600) -> None:
    """Replace `path` with `data` atomically; the folder must exist."""
    with replacing(path, mode) as temp, temp.open("wb") as handle:
        handle.write(data)


@contextmanager
def replacing(path: Path, mode: int = 0o600) -> Iterator[Path]:
    """A temporary path beside `path` for a writer that needs a path (SQLite's backup API);
    when the block ends without error the file there is synced and moved over `path`.

    Only a regular file is ever replaced: a device, a FIFO or a socket at `path` is refused
    before anything is written (a rename would put a plain file in place of /dev/null)."""
    _refuse_special(path)
    fd, name = tempfile.mkstemp(prefix=f".{path.name}.", suffix=".tmp", dir=path.parent)
    temp = Path(name)
    try:
        try:
            os.fchmod(fd, mode)
        finally:
            os.close(fd)
        yield temp
        _sync(temp)
        os.replace(temp, path)
    except BaseException:
        temp.unlink(missing_ok=True)
        raise
    _sync_folder(path.parent)


def _refuse_special(path: Path) -> None:
    try:
        mode = os.stat(path).st_mode  # follows links: their target is what gets replaced
    except (FileNotFoundError, NotADirectoryError):
        return
    if not stat.S_ISREG(mode):
        from focco247.errors import InputError
        from focco247.i18n import _

        raise InputError(
            _("{path} is not a regular file; only regular files are written.").format(path=path)
        )


def _sync(path: Path) -> None:
    fd = os.open(path, os.O_RDONLY)
    try:
        os.fsync(fd)
    finally:
        os.close(fd)


def _sync_folder(folder: Path) -> None:
    """Make the rename itself durable; best effort (not every file system allows it)."""
    try:
        fd = os.open(folder, os.O_RDONLY)
    except OSError:
        return
    try:
        os.fsync(fd)
    except OSError:
        pass
    finally:
        os.close(fd)
