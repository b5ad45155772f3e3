"""Instants, dates and months as people type them; stored in UTC, judged in the policy zone."""

from __future__ import annotations

import re
from dataclasses import dataclass
from datetime import UTC, date, datetime, timedelta, tzinfo
from typing import Literal
from zoneinfo import ZoneInfo

from focco247.errors import InputError
from focco247.i18n import _

# ASCII digits only: `\d` also matches other scripts' digits.
_HHMM = r"(?P<hour>[0-9]{1,2}):(?P<minute>[0-9]{2})"
_ISO_DATE = re.compile(r"^(?P<year>[0-9]{4})-(?P<month>[0-9]{2})-(?P<day>[0-9]{2})$")
_BR_DATE = re.compile(r"^(?P<day>[0-9]{1,2})/(?P<month>[0-9]{1,2})/(?P<year>[0-9]{4})$")
# ISO 8601 as people and scripts write it: a date, T or a space, hh:mm[:ss[.ffffff]], and an
# optional offset (Z, +hh, +hhmm, +hh:mm).
_ISO_INSTANT = re.compile(
    r"^[0-9]{4}-[0-9]{2}-[0-9]{2}[Tt ][0-9]{2}:[0-9]{2}(?::[0-9]{2}(?:\.[0-9]{1,6})?)?"
    r"(?:[Zz]|[+-][0-9]{2}(?::?[0-9]{2})?)?$"
)
_BR_INSTANT = re.compile(
    r"^(?P<day>[0-9]{1,2})/(?P<month>[0-9]{1,2})/(?P<year>[0-9]{4})\s+" + _HHMM + "$"
)
_BR_INSTANT_THIS_YEAR = re.compile(r"^(?P<day>[0-9]{1,2})/(?P<month>[0-9]{1,2})\s+" + _HHMM + "$")
_BARE_TIME = re.compile("^" + _HHMM + "$")
_ISO_MONTH = re.compile(r"^(?P<year>[0-9]{4})-(?P<month>[0-9]{2})$")
_BR_MONTH = re.compile(r"^(?P<month>[0-9]{1,2})/(?P<year>[0-9]{4})$")

# Far outside any contract, and keeps date arithmetic (next opening, months) in range.
MIN_YEAR, MAX_YEAR = 1900, 2999

RolledTo = Literal["yesterday", "tomorrow"]


@dataclass(frozen=True)
class TypedInstant:
    """An instant read from the user: `at` is aware UTC; `rolled_to` says when a bare time of
    day (`23:40`) fell on another day than today, so the output can tell the user."""

    at: datetime
    rolled_to: RolledTo | None = None


def _instant_forms() -> str:
    return _(
        "2026-11-24 21:30, 24/11/2026 21:30, 24/11 21:30, 21:30 "
        "or ISO 8601 with an offset (2026-11-24T21:30-03:00)"
    )


def _not_valid(text: str) -> InputError:
    return InputError(
        _("Instant {text!r} is not valid; write it as {forms}.").format(
            text=text, forms=_instant_forms()
        )
    )


def _check_year(year: int, text: str) -> None:
    if not MIN_YEAR <= year <= MAX_YEAR:
        raise InputError(
            _("{text!r} is out of range; use a year from {low} to {high}.").format(
                text=text, low=MIN_YEAR, high=MAX_YEAR
            )
        )


def _zone_name(tz: tzinfo) -> str:
    return getattr(tz, "key", None) or str(tz)


def _wall_clock(
    text: str, year: int, month: int, day: int, hour: int, minute: int, tz: tzinfo
) -> datetime:
    """A local wall-clock time in the policy zone as aware UTC (R3, R20).

    A time the clocks skip (a summer-time gap) is refused; in a repeated hour `fold=0`
    takes the earlier occurrence.
    """
    _check_year(year, text)
    if not 0 <= hour <= 23 or not 0 <= minute <= 59:
        raise InputError(
            _(
                "{text!r} is not a time of day; write hours 00-23 and minutes 00-59, as in 21:30."
            ).format(text=text)
        )
    try:
        local_time = datetime(year, month, day, hour, minute, tzinfo=tz)
    except ValueError:
        raise InputError(
            _("{text!r} is not on the calendar; write a day that exists, as in {forms}.").format(
                text=text, forms=_instant_forms()
            )
        ) from None
    return _existing(local_time, text)


def _existing(local_time: datetime, text: str) -> datetime:
    """The aware local time as UTC, refused when the local clock never shows it (R20)."""
    in_utc = local_time.astimezone(UTC)
    seen = in_utc.astimezone(local_time.tzinfo)
    if seen.replace(tzinfo=None) != local_time.replace(tzinfo=None):
        raise InputError(
            _(
                "{text!r} does not exist in {zone}: the clocks skip it when summer time starts; "
                "write a time after the change or give an offset (2018-11-04T00:30-03:00)."
            ).format(text=text, zone=_zone_name(local_time.tzinfo or UTC))
        )
    return in_utc


def _iso_instant(raw: str, text: str, tz: tzinfo) -> datetime:
    try:
        value = datetime.fromisoformat(raw[:10] + "T" + raw[11:].upper())
    except ValueError:
        raise _not_valid(text) from None
    _check_year(value.year, text)
    if value.tzinfo is None:
        return _existing(value.replace(tzinfo=tz), text)  # fold=0: the earlier occurrence
    return value.astimezone(UTC)


def _time_of_day(
    text: str, hour: int, minute: int, tz: tzinfo, now: datetime, direction: Literal["past", "next"]
) -> TypedInstant:
    """A bare `hh:mm`: for `past` the latest occurrence not after now (today, else
    yesterday); for `next` the first one after now (today, else tomorrow)."""
    today = now.astimezone(tz).date()
    candidate = _wall_clock(text, today.year, today.month, today.day, hour, minute, tz)
    if direction == "past" and candidate > now:
        day = today - timedelta(days=1)
        at = _wall_clock(text, day.year, day.month, day.day, hour, minute, tz)
        return TypedInstant(at, "yesterday")
    if direction == "next" and candidate <= now:
        day = today + timedelta(days=1)
        at = _wall_clock(text, day.year, day.month, day.day, hour, minute, tz)
        return TypedInstant(at, "tomorrow")
    return TypedInstant(candidate)


def read_instant(
    text: str,
    tz: tzinfo,
    now: datetime | None = None,
    *,
    bare_time: Literal["past", "next"] = "past",
) -> TypedInstant:
    """Any instant form of SPEC §3, as aware UTC.

    `2026-11-24 21:30`, ISO 8601 with an offset (or Z), `24/11/2026 21:30`; with `now`
    also `24/11 21:30` (this year in the policy zone) and a bare `21:30` (see
    `bare_time`). A time without an offset is in the policy time zone (R3).
    """
    raw = " ".join(text.split())
    if _ISO_INSTANT.match(raw):
        return TypedInstant(_iso_instant(raw, text, tz))
    if match := _BR_INSTANT.match(raw):
        year, month, day = (int(match.group(k)) for k in ("year", "month", "day"))
        hour, minute = int(match.group("hour")), int(match.group("minute"))
        return TypedInstant(_wall_clock(text, year, month, day, hour, minute, tz))
    if _ISO_DATE.match(raw) or _BR_DATE.match(raw):
        # a bare date is not an instant: make the user say the time
        raise InputError(
            _("Instant {text!r} has no time of day; write it as {raw} 21:30.").format(
                text=text, raw=raw
            )
        )
    this_year = _BR_INSTANT_THIS_YEAR.match(raw)
    bare = _BARE_TIME.match(raw)
    if not (this_year or bare):
        raise _not_valid(text)
    if now is None:
        raise InputError(
            _(
                "Instant {text!r} needs its date here; write it as 2026-11-24 21:30 "
                "or 24/11/2026 21:30."
            ).format(text=text)
        )
    if bare:
        hour, minute = int(bare.group("hour")), int(bare.group("minute"))
        return _time_of_day(text, hour, minute, tz, now, bare_time)
    assert this_year is not None
    year = now.astimezone(tz).year
    month, day = int(this_year.group("month")), int(this_year.group("day"))
    hour, minute = int(this_year.group("hour")), int(this_year.group("minute"))
    try:
        date(year, month, day)
    except ValueError:
        raise InputError(
            _(
                "{text!r} is not a day of {year}; write the year too, as in 24/11/2026 21:30."
            ).format(text=text, year=year)
        ) from None
    return TypedInstant(_wall_clock(text, year, month, day, hour, minute, tz))


def parse_instant(text: str, tz: ZoneInfo | tzinfo, now: datetime | None = None) -> datetime:
    """`2026-11-24 21:30`, `2026-11-24T21:30`, `24/11/2026 21:30`, or ISO 8601 with an
    offset (or Z); with `now`, also `24/11 21:30` and `21:30` as for `--at`.

    A time without an offset is in the policy time zone (R3). Returns an aware UTC instant.
    """
    return read_instant(text, tz, now).at


def parse_at(text: str, tz: tzinfo, now: datetime) -> TypedInstant:
    """An `--at` instant: a bare `21:30` is its latest past occurrence (today, or yesterday
    when today's is still ahead; SPEC §5 "Times of day")."""
    return read_instant(text, tz, now, bare_time="past")


def parse_eta(text: str, tz: tzinfo, now: datetime) -> TypedInstant:
    """An `--eta`: a time of day (`02:00`, its next occurrence), a delay (`2h`, `45m`,
    `1h30`) or an instant; it must lie after `now` (R11)."""
    from focco247.domain.durations import parse_duration

    raw = text.strip()
    try:
        if _BARE_TIME.match(raw):
            typed = read_instant(raw, tz, now, bare_time="next")
        else:
            try:
                typed = TypedInstant(now + timedelta(minutes=parse_duration(raw)))
            except InputError:
                typed = read_instant(raw, tz, now, bare_time="next")
    except InputError:
        raise InputError(
            _(
                "ETA {text!r} is not valid; write a time of day (02:00), a delay (2h, 45m, 1h30) "
                "or an instant (2026-11-24 21:30, 24/11/2026 21:30, 24/11 21:30)."
            ).format(text=raw)
        ) from None
    if typed.at <= now:
        raise InputError(_("The ETA is not in the future; give the time the requester can expect."))
    return typed


def _date_forms_error(text: str) -> InputError:
    return InputError(
        _("Date {text!r} is not valid; write it as 2026-11-29 or 29/11/2026.").format(text=text)
    )


def parse_date(text: str) -> date:
    """A calendar date `2026-11-29` or `29/11/2026` that exists (no 2026-02-30, no 31/04)."""
    raw = text.strip()
    match = _ISO_DATE.match(raw) or _BR_DATE.match(raw)
    if not match:
        raise _date_forms_error(text)
    year, month, day = (int(match.group(k)) for k in ("year", "month", "day"))
    _check_year(year, text)
    try:
        return date(year, month, day)
    except ValueError:
        raise InputError(
            _(
                "Date {text!r} does not exist on the calendar; "
                "write a real day as 2026-11-29 or 29/11/2026."
            ).format(text=text)
        ) from None


def parse_month(text: str) -> tuple[int, int]:
    """A month `2026-11` or `11/2026` as (year, month)."""
    raw = text.strip()
    match = _ISO_MONTH.match(raw) or _BR_MONTH.match(raw)
    if not match or not 1 <= int(match.group("month")) <= 12:
        raise InputError(
            _("Month {text!r} is not valid; write it as 2026-11 or 11/2026.").format(text=text)
        )
    year = int(match.group("year"))
    _check_year(year, text)
    return year, int(match.group("month"))


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
            raise InputError(
                _("FOCCO247_NOW={value!r} is not an ISO instant.").format(value=override)
            ) from None
    return datetime.now(UTC)
