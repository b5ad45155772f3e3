"""The one sentence for a fault of the machine or of the input that no command foresaw: a
full disk, read-only media, text that is not UTF-8, a number too large (never a traceback)."""

from __future__ import annotations

import errno

from focco247.i18n import _


def fault_sentence(exc: BaseException) -> str:
    if isinstance(exc, UnicodeError):
        return _("An argument or a value is not valid UTF-8 text; nothing was changed.")
    if isinstance(exc, OverflowError):
        return _("A number is too large; nothing was changed.")
    if isinstance(exc, OSError):
        reason = exc.strerror or exc.__class__.__name__
        if exc.errno == errno.ENOSPC:
            reason = _("the disk is full")
        elif exc.errno == errno.EROFS:
            reason = _("the file system is read-only")
        where = f" ({exc.filename})" if exc.filename else ""
        return _("The command could not finish: {reason}{where}; nothing was changed.").format(
            reason=reason, where=where
        )
    return str(exc)


def broken_pipe_sentence() -> str:
    return _("The output was cut short: the reader closed the pipe.")


def bad_argument_sentence(position: int) -> str:
    return _("Argument {position} is not valid UTF-8 text; retype it.").format(position=position)
