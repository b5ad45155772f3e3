"""Entitlement (R6, R7): is this contact served by the 24|7 line, and why."""

from __future__ import annotations

from collections.abc import Mapping, Sequence
from dataclasses import dataclass
from datetime import date, datetime, time
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


class Cause(StrEnum):
    """Why the verdict is what it is (the order of R7)."""

    BUSINESS_HOURS = "business_hours"
    PRODUCT_NOT_COVERED = "product_not_covered"
    NO_GLT = "no_glt"
    ADDON = "addon"
    GRACE = "grace"
    EXCEPTIONAL = "exceptional"
    EXCEPTIONAL_USED = "exceptional_used"


# A product's own support hours: weekday (0 = Monday) -> intervals, as business_hours.
WeeklyHours = Mapping[int, tuple[tuple[time, time], ...]]


@dataclass(frozen=True)
class Judgement:
    verdict: Verdict
    reason: str
    off_hours: bool
    local_date: date
    holiday: str | None
    next_business_open: datetime
    cause: Cause = Cause.BUSINESS_HOURS
    addon_in_force: bool = False  # the client has the 24|7 add-on on that date
    product_hours: WeeklyHours | None = None  # a product not covered: its own support hours

    @property
    def offers_addon(self) -> bool:
        """Whether buying the 24|7 add-on would serve this contact: refused for want of the
        add-on (or of the contract under it). A client that has the add-on is never offered
        it, nor is a product the add-on does not cover."""
        return (
            self.verdict is Verdict.REFUSED
            and self.cause in (Cause.NO_GLT, Cause.EXCEPTIONAL_USED)
            and not self.addon_in_force
        )


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
    product_hours: Mapping[str, WeeklyHours] | None = None,
) -> Judgement:
    """The verdict for a contact at `at` about `product` (R7), judged in the documented order:
    business hours, product coverage, GLT, add-on, grace, exceptional."""
    local_day = calendar.local(at).date()
    holiday = calendar.holiday_name(local_day)
    opens = calendar.next_business_open(at)
    has_addon = addon_in_force(addon_periods, local_day) is not None
    covered = products.get(product, False)
    own_hours = None if covered else (product_hours or {}).get(product)

    def verdict(v: Verdict, reason: str, cause: Cause) -> Judgement:
        off = v is not Verdict.BUSINESS_HOURS
        return Judgement(v, reason, off, local_day, holiday, opens, cause, has_addon, own_hours)

    if calendar.is_business_time(at):
        return verdict(
            Verdict.BUSINESS_HOURS,
            "Inside business hours: the regular support channels serve this contact, "
            "not the 24|7 line.",
            Cause.BUSINESS_HOURS,
        )
    if not covered:
        return verdict(
            Verdict.REFUSED,
            f"{product} is not covered by the 24|7 add-on; it has its own support schedule.",
            Cause.PRODUCT_NOT_COVERED,
        )
    if glt_in_force(glt_terms, local_day) is None:
        return verdict(
            Verdict.REFUSED, "The client has no GLT contract in force on this date.", Cause.NO_GLT
        )
    if has_addon:
        return verdict(Verdict.COVERED, "Off-hours, and the 24|7 add-on is in force.", Cause.ADDON)
    if local_day < enforcement_start:
        return verdict(
            Verdict.GRACE,
            f"Off-hours without the 24|7 add-on, before it was required "
            f"({enforcement_start.isoformat()}).",
            Cause.GRACE,
        )
    if not exceptional_used:
        return verdict(
            Verdict.EXCEPTIONAL,
            "Off-hours without the 24|7 add-on: one exceptional service is granted; "
            "the next off-hours contact will be refused unless the client subscribes.",
            Cause.EXCEPTIONAL,
        )
    return verdict(
        Verdict.REFUSED,
        "Off-hours without the 24|7 add-on, and the client's exceptional service was already used.",
        Cause.EXCEPTIONAL_USED,
    )
