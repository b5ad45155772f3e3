"""Entitlement (R6, R7): is this contact served by the 24|7 line, and why."""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass
from datetime import date, datetime
from enum import StrEnum

from focco247.domain.calendar import BusinessCalendar
from focco247.domain.contracts import AddonPeriod, GltTerm, addon_in_force, glt_in_force


class Verdict(StrEnum):
    BUSINESS_HOURS = "business_hours"
    COVERED = "covered"
    GRACE = "grace"
    EXCEPTIONAL = "exceptional"
    REFUSED = "refused"

    @property
    def served(self) -> bool:
        """Served by the 24|7 line (exit 0) or not (exit 3)."""
        return self in (Verdict.COVERED, Verdict.GRACE, Verdict.EXCEPTIONAL)


@dataclass(frozen=True)
class Judgement:
    verdict: Verdict
    reason: str
    off_hours: bool
    local_date: date
    holiday: str | None
    next_business_open: datetime


def judge(
    at: datetime,
    product: str,
    *,
    calendar: BusinessCalendar,
    products: dict[str, bool],
    glt_terms: Sequence[GltTerm],
    addon_periods: Sequence[AddonPeriod],
    exceptional_used: bool,
    enforcement_start: date,
) -> Judgement:
    """The verdict for a contact at `at` about `product` (R7), judged in the documented order:
    business hours, product coverage, GLT, add-on, grace, exceptional."""
    local_day = calendar.local(at).date()
    holiday = calendar.holiday_name(local_day)
    opens = calendar.next_business_open(at)

    def verdict(v: Verdict, reason: str) -> Judgement:
        return Judgement(v, reason, v is not Verdict.BUSINESS_HOURS, local_day, holiday, opens)

    if calendar.is_business_time(at):
        return verdict(
            Verdict.BUSINESS_HOURS,
            "Inside business hours: the regular support channels serve this contact, "
            "not the 24|7 line.",
        )
    if not products.get(product, False):
        return verdict(
            Verdict.REFUSED,
            f"{product} is not covered by the 24|7 add-on; it has its own support schedule.",
        )
    if glt_in_force(glt_terms, local_day) is None:
        return verdict(Verdict.REFUSED, "The client has no GLT contract in force on this date.")
    if addon_in_force(addon_periods, local_day) is not None:
        return verdict(Verdict.COVERED, "Off-hours, and the 24|7 add-on is in force.")
    if local_day < enforcement_start:
        return verdict(
            Verdict.GRACE,
            f"Off-hours without the 24|7 add-on, before it was required "
            f"({enforcement_start.isoformat()}).",
        )
    if not exceptional_used:
        return verdict(
            Verdict.EXCEPTIONAL,
            "Off-hours without the 24|7 add-on: one exceptional service is granted; "
            "the next off-hours contact will be refused unless the client subscribes.",
        )
    return verdict(
        Verdict.REFUSED,
        "Off-hours without the 24|7 add-on, and the client's exceptional service was already used.",
    )
