"""Files handed to other systems: where `--output` points, checked before anything is done,
then written atomically (CSV itself: `output.csv`).

`--output` names a regular file, `-` for stdout, or an existing folder (a trailing `/`
always means a folder). Anything else — a missing folder, a FIFO, a device, a socket — is
refused with one sentence before any work starts; a target is read (to compare it) only when
it is a regular file of sane size, so no FIFO blocks and no device is read or replaced.
"""

from __future__ import annotations

import os
import stat
from dataclasses import dataclass
from pathlib import Path

from focco247 import atomic
from focco247.errors import InputError
from focco247.i18n import _

# A target bigger than this is never read to compare: it simply counts as different.
MAX_COMPARE_BYTES = 64 * 1024 * 1024


class WriteError(InputError):
    """The target was checked but writing it failed (full disk, read-only media...)."""


@dataclass(frozen=True)
class Target:
    """Where `--output` points: stdout, one file, or a folder (a file named by the caller)."""

    kind: str  # "stdout", "file" or "folder"
    path: Path | None = None


@dataclass(frozen=True)
class Plan:
    """What a write will do: `path` gets `data` (or nothing when `write` is off)."""

    path: Path | None  # None: stdout
    data: bytes
    write: bool = True


def _special(mode: int) -> str | None:
    if stat.S_ISFIFO(mode):
        return _("a FIFO (named pipe)")
    if stat.S_ISCHR(mode) or stat.S_ISBLK(mode):
        return _("a device")
    if stat.S_ISSOCK(mode):
        return _("a socket")
    if not stat.S_ISREG(mode) and not stat.S_ISDIR(mode):
        return _("not a regular file")
    return None


def _refuse_special(path: Path, mode: int, *, stdout: bool = True) -> None:
    kind = _special(mode)
    if kind is None:
        return
    if stdout:
        message = _("{path} is {kind}; --output writes only regular files (or - for stdout).")
    else:
        message = _("{path} is {kind}; only a regular file or a folder can be written.")
    raise InputError(message.format(path=path, kind=kind))


def _writable_folder(folder: Path) -> None:
    try:
        info = folder.stat()
    except FileNotFoundError:
        raise InputError(_("The folder {folder} does not exist.").format(folder=folder)) from None
    except OSError as exc:
        raise InputError(
            _("Cannot use the folder {folder}: {reason}.").format(
                folder=folder, reason=exc.strerror
            )
        ) from None
    if not stat.S_ISDIR(info.st_mode):
        raise InputError(_("{folder} is not a folder.").format(folder=folder))
    if not os.access(folder, os.W_OK | os.X_OK):
        raise InputError(_("The folder {folder} is not writable.").format(folder=folder))


def resolve_target(text: str, *, stdout: bool = True) -> Target:
    """Check what `--output TEXT` names, before anything is computed, issued or written.

    `stdout` off (`db backup PATH`): `-` is a file of that name, and there is no stdout to
    offer; the rest is the same (a trailing `/` a folder that must exist, no special file).
    """
    if stdout and text == "-":
        return Target("stdout")
    if not text.strip():
        if stdout:
            raise InputError(_("--output needs a file, a folder or - for stdout."))
        raise InputError(_("A file or an existing folder is needed."))
    as_folder = text.endswith(("/", os.sep))
    path = Path(text).expanduser()
    try:
        info = os.stat(path)  # follows links; never opens (a FIFO would block)
    except FileNotFoundError:
        if as_folder:
            raise InputError(_("The folder {folder} does not exist.").format(folder=path)) from None
        parent = path.parent if str(path.parent) else Path(".")
        _writable_folder(parent)
        return Target("file", path)
    except OSError as exc:
        raise InputError(
            _("Cannot use {path}: {reason}.").format(path=path, reason=exc.strerror)
        ) from None
    _refuse_special(path, info.st_mode, stdout=stdout)
    if stat.S_ISDIR(info.st_mode):
        _writable_folder(path)
        return Target("folder", path)
    if as_folder:
        raise InputError(_("{path} is a file, not a folder.").format(path=path))
    # A regular file (perhaps through a link: the link stays, its file is replaced).
    real = Path(os.path.realpath(path))
    _writable_folder(real.parent)
    return Target("file", real)


def _same_content(path: Path, data: bytes) -> bool | None:
    """True/False when `path` is a regular file holding/not holding `data`; None when there
    is no such file. Only a regular file of sane size is ever read."""
    try:
        info = os.stat(path)
    except FileNotFoundError:
        return None
    _refuse_special(path, info.st_mode)
    if stat.S_ISDIR(info.st_mode):
        raise InputError(_("{path} is a folder.").format(path=path))
    if info.st_size != len(data) or info.st_size > MAX_COMPARE_BYTES:
        return False
    return path.read_bytes() == data


def plan_file(target: Target, default_name: str, content: str, *, force: bool = False) -> Plan:
    """The write of `content` to a file (or to `default_name` in a folder), decided now.

    Same content already there: nothing is written (idempotent, for cron). Different
    content: refused unless `force`.
    """
    data = content.encode("utf-8")
    if target.kind == "stdout" or target.path is None:
        return Plan(None, data)
    path = target.path / default_name if target.kind == "folder" else target.path
    same = _same_content(path, data)
    if same:
        return Plan(path, data, write=False)
    if same is False and not force:
        raise InputError(
            _("{path} already exists with different content; use --force to replace it.").format(
                path=path
            )
        )
    return Plan(path, data)


def plan_replace(target: Target, default_name: str, content: str) -> Plan:
    """The write of `content`, replacing whatever regular file is there (reports)."""
    data = content.encode("utf-8")
    if target.kind == "stdout" or target.path is None:
        return Plan(None, data)
    path = target.path / default_name if target.kind == "folder" else target.path
    _same_content(path, b"")  # refuses a folder or a special file there; reads nothing
    return Plan(path, data)


def plan_versioned(target: Target, stem: str, suffix: str, content: str) -> Plan:
    """Folder mode that never destroys a file: `stem.suffix`, and when that holds other
    content, `stem.N.suffix` with the next free N. Nothing is written when the latest
    version already holds this content (a nightly re-run)."""
    assert target.kind == "folder" and target.path is not None
    data = content.encode("utf-8")
    folder = target.path
    versions = {0: folder / f"{stem}.{suffix}"}
    prefix, ending = f"{stem}.", f".{suffix}"
    for entry in os.listdir(folder):
        middle = entry[len(prefix) : -len(ending)] if entry.endswith(ending) else ""
        if entry.startswith(prefix) and middle.isdigit() and not middle.startswith("0"):
            versions[int(middle)] = folder / entry
    if len(versions) == 1 and not os.path.lexists(versions[0]):
        return Plan(versions[0], data)
    latest = max(versions)
    if _same_content(versions[latest], data):
        return Plan(versions[latest], data, write=False)
    number = latest + 1
    return Plan(folder / f"{stem}.{number}.{suffix}", data)


def carry_out(plan: Plan) -> None:
    """Write what the plan says: atomically into a regular file, or to stdout."""
    if not plan.write:
        return
    if plan.path is None:
        import sys

        sys.stdout.write(plan.data.decode("utf-8"))
        sys.stdout.flush()
        return
    try:
        atomic.write_bytes(plan.path, plan.data)
    except OSError as exc:
        raise WriteError(
            _("Cannot write {path}: {reason}.").format(
                path=plan.path, reason=exc.strerror or exc.__class__.__name__
            )
        ) from None


def write_output(
    target: Path, default_name: str, content: str, force: bool = False
) -> tuple[Path, bool]:
    """Write `content` to a file (or a file named `default_name` inside an existing folder)
    through a temporary file and a rename, mode 0600. Returns the path and whether it was
    written (same content already there: nothing is)."""
    plan = plan_file(resolve_target(str(target)), default_name, content, force=force)
    carry_out(plan)
    assert plan.path is not None
    return plan.path, plan.write
