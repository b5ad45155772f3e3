"""Durations typed by the attendant: `45m`, `90min`, `1h30m`, `1h30`, `2h`, `1:30`; in minutes."""

from __future__ import annotations

import re

from focco247.errors import InputError
from focco247.i18n import _

MAX_ENTRY_MINUTES = 24 * 60  # R14: one time entry is at most 24 h

# ASCII digits only (`\d` also matches other scripts' digits); at most 4 digits of hours and
# 5 of minutes, so every duration is bounded. `1h30` (minutes without their unit) takes two
# digits, as `1:30` does: `1h5` is as likely a typo for 1h50 as for 1h05.
_HM = re.compile(r"^(?:(?P<h>[0-9]{1,4})\s*h)?\s*(?:(?P<m>[0-9]{1,5})\s*m(?:in)?)?$", re.IGNORECASE)
_H_MM = re.compile(r"^(?P<h>[0-9]{1,4})\s*h\s*(?P<m>[0-9]{2})$", re.IGNORECASE)
_COLON = re.compile(r"^(?P<h>[0-9]{1,4}):(?P<m>[0-5][0-9])$")


def _forms() -> str:
    return _("45m, 90min, 1h30m, 1h30, 1h 30m, 2h or 1:30")


def parse_duration(text: str) -> int:
    """Minutes in `45m`, `90min`, `1h30m`, `1h30`, `1h 30m`, `2h` or `1:30`; anything else
    (a bare number, decimals, a sign) is refused. Zero or more, bounded."""
    raw = text.strip()
    match = _COLON.match(raw) or _H_MM.match(raw) or _HM.match(raw)
    if not raw or not match or not (match.group("h") or match.group("m")):
        raise InputError(
            _("Duration {text!r} is not valid; write it as {forms}.").format(
                text=text, forms=_forms()
            )
        )
    hours, minutes = int(match.group("h") or 0), int(match.group("m") or 0)
    if match.group("h") and minutes >= 60:
        # "1h90m" is a typo as surely as "1:90"; write 2h30m or 150m.
        raise InputError(
            _(
                "Duration {text!r} has {minutes} minutes after the hours; "
                "write 0-59 of them, as in {forms}."
            ).format(text=text, minutes=minutes, forms=_forms())
        )
    return hours * 60 + minutes


def parse_entry_minutes(text: str) -> int:
    """A time entry's duration (R14): positive and at most 24 h."""
    minutes = parse_duration(text)
    if minutes <= 0:
        raise InputError(_("A time entry must last more than zero minutes."))
    if minutes > MAX_ENTRY_MINUTES:
        raise InputError(_("A time entry lasts at most 24 h; log longer work as several entries."))
    return minutes


def format_minutes(minutes: int) -> str:
    """`1h30m`, `45m`, `-1h`: the way the attendant types them."""
    sign = "-" if minutes < 0 else ""
    hours, rest = divmod(abs(minutes), 60)
    if hours and rest:
        return f"{sign}{hours}h{rest:02d}m"
    if hours:
        return f"{sign}{hours}h"
    return f"{sign}{rest}m"
