"""Instants, dates and months as people type them; stored in UTC, judged in the policy zone."""

from __future__ import annotations

import re
from datetime import UTC, date, datetime, timedelta
from zoneinfo import ZoneInfo

from focco247.errors import InputError

_MONTH = re.compile(r"^(\d{4})-(\d{2})$")


def parse_instant(text: str, tz: ZoneInfo) -> datetime:
    """`2026-11-24 21:30`, `2026-11-24T21:30`, or ISO 8601 with an offset (or Z).

    A time without an offset is in the policy time zone (R3). Returns an aware UTC instant.
    """
    raw = text.strip()
    try:
        value = datetime.fromisoformat(raw.replace(" ", "T", 1) if " " in raw else raw)
    except ValueError:
        raise InputError(
            f"Instant {text!r} is not valid; write it as 2026-11-24 21:30 "
            "or ISO 8601 with an offset (2026-11-24T21:30-03:00)."
        ) from None
    if len(raw) <= 10:  # a bare date is not an instant: make the user say the time
        raise InputError(f"Instant {text!r} has no time of day; write it as {raw} 21:30.")
    _check_year(value.year, text)
    if value.tzinfo is None:
        value = value.replace(tzinfo=tz)
    return value.astimezone(UTC)


# Far outside any contract, and keeps date arithmetic (next opening, months) in range.
MIN_YEAR, MAX_YEAR = 1900, 2999


def _check_year(year: int, text: str) -> None:
    if not MIN_YEAR <= year <= MAX_YEAR:
        raise InputError(f"{text!r} is out of range; use a year from {MIN_YEAR} to {MAX_YEAR}.")


def parse_date(text: str) -> date:
    """A calendar date `YYYY-MM-DD` that exists (no 2026-02-30)."""
    raw = text.strip()
    if not re.fullmatch(r"\d{4}-\d{2}-\d{2}", raw):
        raise InputError(f"Date {text!r} is not valid; write it as YYYY-MM-DD.")
    try:
        value = date.fromisoformat(raw)
    except ValueError:
        raise InputError(f"Date {text!r} does not exist on the calendar.") from None
    _check_year(value.year, text)
    return value


def parse_month(text: str) -> tuple[int, int]:
    """A month `YYYY-MM` as (year, month)."""
    match = _MONTH.match(text.strip())
    if not match or not 1 <= int(match.group(2)) <= 12 or int(match.group(1)) < 1900:
        raise InputError(f"Month {text!r} is not valid; write it as YYYY-MM (e.g. 2026-11).")
    return int(match.group(1)), int(match.group(2))


def month_str(year: int, month: int) -> str:
    return f"{year:04d}-{month:02d}"


def month_bounds(year: int, month: int) -> tuple[date, date]:
    """First and last day of a month."""
    first = date(year, month, 1)
    nxt = date(year + (month == 12), month % 12 + 1, 1)
    return first, nxt - timedelta(days=1)


def previous_month(today: date) -> tuple[int, int]:
    return (today.year - 1, 12) if today.month == 1 else (today.year, today.month - 1)


def local(instant: datetime, tz: ZoneInfo) -> datetime:
    """An aware instant seen in the policy time zone."""
    return instant.astimezone(tz)


def iso_local(instant: datetime | None, tz: ZoneInfo) -> str | None:
    """JSON form of an instant: ISO 8601 with the offset of the policy time zone."""
    if instant is None:
        return None
    return instant.astimezone(tz).isoformat(timespec="seconds")


def utc_now_from(override: str | None, tz: ZoneInfo) -> datetime:
    """The clock, or the $FOCCO247_NOW replay instant (read by the caller, passed in)."""
    if override:
        try:
            return parse_instant(override, tz)
        except InputError:
            raise InputError(f"FOCCO247_NOW={override!r} is not an ISO instant.") from None
    return datetime.now(UTC)
