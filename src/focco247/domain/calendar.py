"""The business calendar (R1–R3): the one place that decides business time vs off-hours."""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass, field
from datetime import UTC, date, datetime, time, timedelta
from functools import cached_property
from zoneinfo import ZoneInfo

from focco247 import i18n
from focco247.domain.policy import ExtraHoliday, Policy

# Far enough to cross any closure a configuration could declare; beyond it, a config error.
_SEARCH_DAYS = 800

# A year's holidays in one language: (year, language) -> {local date: name}.
YearTable = Callable[[int, str], dict[date, str]]

# The `holidays` package's name of each language the tool speaks.
_HOLIDAY_LANGUAGES = {i18n.ENGLISH: "en_US", i18n.PORTUGUESE: "pt_BR"}


def holiday_table(
    country: str,
    subdivision: str | None,
    categories: tuple[str, ...],
    year: int,
    observe: tuple[str, ...] = (),
    language: str = i18n.ENGLISH,
) -> dict[date, str]:
    """One year of the `holidays` package's calendar for a country, subdivision, categories,
    plus the optional holidays named in `observe` (English names, see policy.observed_names)
    without the rest of the optional category; the names in `language` (the tool's code:
    `en`, `pt_BR`)."""
    import holidays

    code = _HOLIDAY_LANGUAGES.get(language, "en_US")
    table = dict(
        holidays.country_holidays(
            country, subdiv=subdivision, categories=categories, years=year, language=code
        ).items()
    )
    if observe and "optional" not in categories:
        from focco247.domain.policy import optional_holiday_names

        # Observed names may be written in any language of the package: match in English.
        names, _written = optional_holiday_names(country, subdivision)
        observe = tuple(names.get(name.strip().casefold(), name) for name in observe)
        optional = holidays.country_holidays(
            country, subdiv=subdivision, categories=("optional",), years=year, language="en_US"
        )
        named = (
            optional
            if code == "en_US"
            else holidays.country_holidays(
                country, subdiv=subdivision, categories=("optional",), years=year, language=code
            )
        )
        for day, name in optional.items():
            parts = name.split("; ")
            kept = [i for i, part in enumerate(parts) if part in observe]
            if kept and day not in table:
                # Chosen by the English names; named in the table's language.
                local = named.get(day, name).split("; ")
                table[day] = "; ".join(local[i] if i < len(local) else parts[i] for i in kept)
    return table


@dataclass
class BusinessCalendar:
    """Business hours per weekday plus holidays, judged in one time zone.

    Intervals are half-open: 08:00 is inside, 12:00 is outside (R1).
    """

    timezone: ZoneInfo
    hours: dict[int, tuple[tuple[time, time], ...]]
    country: str
    subdivision: str | None
    categories: tuple[str, ...]
    extra: tuple[ExtraHoliday, ...] = ()
    observe: tuple[str, ...] = ()
    # Where a year's table comes from: the `holidays` package by default; the store layer
    # may pass a cached source (the package imports every country to answer for one).
    year_source: YearTable | None = field(default=None, repr=False, compare=False)
    _years: dict[tuple[int, str], dict[date, str]] = field(default_factory=dict, repr=False)

    @classmethod
    def from_policy(cls, policy: Policy, year_source: YearTable | None = None) -> BusinessCalendar:
        return cls(
            timezone=policy.timezone,
            hours=policy.business_hours,
            country=policy.holiday_country,
            subdivision=policy.holiday_subdivision,
            categories=policy.holiday_categories,
            extra=policy.extra_holidays,
            observe=policy.holiday_observe,
            year_source=year_source,
        )

    @cached_property
    def _extra_by_day(self) -> dict[date, str]:
        return {item.day: item.name for item in self.extra}

    def holiday_name(self, day: date, language: str | None = None) -> str | None:
        """The holiday's name on that local date, or None (R2); named in `language`, else
        in the active language (the dates are the same in every language)."""
        if day in self._extra_by_day:
            return self._extra_by_day[day]
        language = language or i18n.current_language()
        key = (day.year, language)
        if key not in self._years:
            if self.year_source is not None:
                self._years[key] = self.year_source(day.year, language)
            else:
                self._years[key] = holiday_table(
                    self.country,
                    self.subdivision,
                    self.categories,
                    day.year,
                    self.observe,
                    language,
                )
        return self._years[key].get(day)

    def intervals_on(self, day: date) -> tuple[tuple[time, time], ...]:
        """Business intervals of a local date: none on a holiday."""
        if self.holiday_name(day) is not None:
            return ()
        return self.hours.get(day.weekday(), ())

    def local(self, instant: datetime) -> datetime:
        """The instant on the local wall clock; a naive time is already local (R3)."""
        if instant.tzinfo is None:
            return instant.replace(tzinfo=self.timezone)
        return instant.astimezone(self.timezone)

    def is_business_time(self, instant: datetime) -> bool:
        """True when the instant falls inside business hours (R1), judged in local time (R3)."""
        moment = self.local(instant)
        clock = moment.time().replace(tzinfo=None)
        return any(start <= clock < end for start, end in self.intervals_on(moment.date()))

    def next_business_open(self, instant: datetime) -> datetime:
        """The first business instant at or after `instant` (itself when already inside)."""
        moment = self.local(instant)
        day = moment.date()
        for offset in range(_SEARCH_DAYS):
            current = day + timedelta(days=offset)
            for start, end in self.intervals_on(current):
                opening = datetime.combine(current, start, tzinfo=self.timezone)
                closing = datetime.combine(current, end, tzinfo=self.timezone)
                if moment < closing:
                    return max(opening, moment).astimezone(UTC)
        raise ValueError("no business hours configured within the next two years")
