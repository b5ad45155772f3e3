"""Dates and instants for people, in the active language (SPEC §3).

`29/11/2026 23:40` in Portuguese, `2026-11-29 23:40` in English. JSON never comes here: it
keeps ISO 8601 in every language (output/jsonout.py).
"""

from __future__ import annotations

from datetime import date, datetime, tzinfo

from focco247 import i18n
from focco247.i18n import _

# strftime patterns per language: a full instant, an instant of this year, a day, a month.
_PATTERNS = {
    i18n.PORTUGUESE: ("%d/%m/%Y %H:%M", "%d/%m %H:%M", "%d/%m/%Y", "%m/%Y"),
    i18n.ENGLISH: ("%Y-%m-%d %H:%M", "%m-%d %H:%M", "%Y-%m-%d", "%Y-%m"),
}


def _patterns() -> tuple[str, str, str, str]:
    return _PATTERNS.get(i18n.current_language(), _PATTERNS[i18n.ENGLISH])


def when(instant: datetime | None, tz: tzinfo) -> str:
    """An instant on the local wall clock of `tz`, minutes precision; '' for None."""
    if instant is None:
        return ""
    return instant.astimezone(tz).strftime(_patterns()[0])


def when_short(instant: datetime | None, tz: tzinfo) -> str:
    """An instant without its year (`29/11 23:40`, `11-29 23:40`); '' for None."""
    if instant is None:
        return ""
    return instant.astimezone(tz).strftime(_patterns()[1])


def clock(instant: datetime | None, tz: tzinfo) -> str:
    """The time of day only (`23:40`); '' for None."""
    if instant is None:
        return ""
    return instant.astimezone(tz).strftime("%H:%M")


def day(value: date | datetime | None, tz: tzinfo | None = None) -> str:
    """A date (`29/11/2026`, `2026-11-29`); an instant is taken on `tz`'s wall clock."""
    if value is None:
        return ""
    if isinstance(value, datetime) and tz is not None:
        value = value.astimezone(tz)
    return value.strftime(_patterns()[2])


def month(value: date | str) -> str:
    """A month (`11/2026`, `2026-11`) from a date or `YYYY-MM`."""
    if isinstance(value, str):
        value = date.fromisoformat(f"{value[:7]}-01")
    return value.strftime(_patterns()[3])


def rolled_note(text: str, instant: datetime, rolled_to: str, tz: tzinfo) -> None:
    """Say on stderr that a bare time of day fell on another day than today."""
    from focco247.output.console import note

    if rolled_to == "yesterday":
        message = _("{text} is taken as yesterday's: {when}.")
    else:
        message = _("{text} is taken as tomorrow's: {when}.")
    note(message.format(text=text.strip(), when=when(instant, tz)))
