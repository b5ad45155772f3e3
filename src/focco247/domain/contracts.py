"""Contract terms over time (R4): the GLT terms and 24|7 periods in force on a date."""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass
from datetime import date
from decimal import Decimal


@dataclass(frozen=True)
class GltTerm:
    """GLT terms that take effect on `since` and last until the next terms."""

    since: date
    monthly: Decimal
    hourly_rate: Decimal


@dataclass(frozen=True)
class AddonPeriod:
    """A 24|7 add-on period: `first_day` to `last_day` inclusive (open-ended when None)."""

    first_day: date
    last_day: date | None = None

    def covers(self, day: date) -> bool:
        return self.first_day <= day and (self.last_day is None or day <= self.last_day)

    def overlaps(self, other: AddonPeriod) -> bool:
        end_a = self.last_day or date.max
        end_b = other.last_day or date.max
        return self.first_day <= end_b and other.first_day <= end_a


def glt_in_force(terms: Sequence[GltTerm], day: date) -> GltTerm | None:
    """The GLT terms in force on a date: the latest that took effect on or before it."""
    current = None
    for term in sorted(terms, key=lambda t: t.since):
        if term.since <= day:
            current = term
        else:
            break
    return current


def addon_in_force(periods: Sequence[AddonPeriod], day: date) -> AddonPeriod | None:
    for period in periods:
        if period.covers(day):
            return period
    return None
