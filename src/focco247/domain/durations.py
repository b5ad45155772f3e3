"""Durations typed by the attendant: `45m`, `1h30m`, `2h`, `1:30`. Always whole minutes."""

from __future__ import annotations

import re

from focco247.errors import InputError

MAX_ENTRY_MINUTES = 24 * 60  # R14: one time entry is at most 24 h

# ASCII digits only (`\d` also matches other scripts' digits); at most 4 digits each.
_HM = re.compile(r"^(?:(?P<h>[0-9]{1,4})\s*h)?\s*(?:(?P<m>[0-9]{1,5})\s*m(?:in)?)?$", re.IGNORECASE)
_COLON = re.compile(r"^(?P<h>[0-9]{1,4}):(?P<m>[0-5][0-9])$")


def parse_duration(text: str) -> int:
    """Minutes in `45m`, `1h30m`, `2h` or `1:30`; anything else is refused."""
    raw = text.strip()
    match = _COLON.match(raw) or _HM.match(raw)
    if not raw or not match or not (match.group("h") or match.group("m")):
        raise InputError(f"Duration {text!r} is not valid; write it as 45m, 1h30m, 2h or 1:30.")
    hours, minutes = int(match.group("h") or 0), int(match.group("m") or 0)
    if match.group("h") and minutes >= 60:
        # "1h90m" is a typo as surely as "1:90"; write 2h30m or 150m.
        raise InputError(f"Duration {text!r} has {minutes} minutes after the hours; write 0-59.")
    return hours * 60 + minutes


def parse_entry_minutes(text: str) -> int:
    """A time entry's duration (R14): positive and at most 24 h."""
    minutes = parse_duration(text)
    if minutes <= 0:
        raise InputError("A time entry must last more than zero minutes.")
    if minutes > MAX_ENTRY_MINUTES:
        raise InputError("A time entry lasts at most 24 h; log longer work as several entries.")
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
