"""Entitlement (R6, R7): is this contact served by the 24|7 line, and why."""

from __future__ import annotations

from collections.abc import Mapping, Sequence
from dataclasses import dataclass
from datetime import date, datetime, time
from enum import StrEnum

from focco247 import i18n
from focco247.domain.calendar import BusinessCalendar
from focco247.domain.contracts import AddonPeriod, GltTerm, addon_in_force, glt_in_force
from focco247.i18n import N_, _


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


# Why a verdict was given: a code, and the sentence it stands for (rendered in whichever
# language is active when it is read: the interface's on a terminal, the documents' in JSON).
REASONS: dict[str, str] = {
    "business_hours": N_(
        "Inside business hours: the regular support channels serve this contact, not the 24|7 line."
    ),
    "product_not_covered": N_(
        "{product} is not covered by the 24|7 add-on; it has its own support schedule."
    ),
    "no_glt": N_("The client has no GLT contract in force on this date."),
    "covered": N_("Off-hours, and the 24|7 add-on is in force."),
    "grace": N_("Off-hours without the 24|7 add-on, before it was required ({since})."),
    "exceptional": N_(
        "Off-hours without the 24|7 add-on: one exceptional service is granted; "
        "the next off-hours contact will be refused unless the client subscribes."
    ),
    "exceptional_used": N_(
        "Off-hours without the 24|7 add-on, and the client's exceptional service was already used."
    ),
}


@dataclass(frozen=True)
class Judgement:
    verdict: Verdict
    reason_code: str
    off_hours: bool
    local_date: date
    # The holiday's name in each language the tool speaks; () on a day that is none.
    holiday_names: tuple[tuple[str, str], ...]
    next_business_open: datetime
    # The values the reason's sentence names (`product`, `since`), as plain text.
    reason_params: tuple[tuple[str, str], ...] = ()
    cause: Cause = Cause.BUSINESS_HOURS
    addon_in_force: bool = False  # the client has the 24|7 add-on on that date
    product_hours: WeeklyHours | None = None  # a product not covered: its own support hours

    @property
    def holiday(self) -> str | None:
        """The holiday's name in the active language, or None."""
        names = dict(self.holiday_names)
        return names.get(i18n.current_language()) or names.get(i18n.ENGLISH)

    @property
    def reason(self) -> str:
        """The reason's sentence in the active language."""
        return _(REASONS[self.reason_code]).format(**dict(self.reason_params))

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
    holiday: tuple[tuple[str, str], ...] = ()
    if calendar.holiday_name(local_day) is not None:
        holiday = tuple(
            (language, calendar.holiday_name(local_day, language) or "")
            for language in i18n.LANGUAGES
        )
    opens = calendar.next_business_open(at)
    has_addon = addon_in_force(addon_periods, local_day) is not None
    covered = products.get(product, False)
    own_hours = None if covered else (product_hours or {}).get(product)

    def verdict(v: Verdict, code: str, cause: Cause, **params: str) -> Judgement:
        off_hours = v is not Verdict.BUSINESS_HOURS
        return Judgement(
            v,
            code,
            off_hours,
            local_day,
            holiday,
            opens,
            tuple(params.items()),
            cause,
            has_addon,
            own_hours,
        )

    if calendar.is_business_time(at):
        return verdict(Verdict.BUSINESS_HOURS, "business_hours", Cause.BUSINESS_HOURS)
    if not covered:
        return verdict(
            Verdict.REFUSED, "product_not_covered", Cause.PRODUCT_NOT_COVERED, product=product
        )
    if glt_in_force(glt_terms, local_day) is None:
        return verdict(Verdict.REFUSED, "no_glt", Cause.NO_GLT)
    if has_addon:
        return verdict(Verdict.COVERED, "covered", Cause.ADDON)
    if local_day < enforcement_start:
        return verdict(Verdict.GRACE, "grace", Cause.GRACE, since=enforcement_start.isoformat())
    if not exceptional_used:
        return verdict(Verdict.EXCEPTIONAL, "exceptional", Cause.EXCEPTIONAL)
    return verdict(Verdict.REFUSED, "exceptional_used", Cause.EXCEPTIONAL_USED)
