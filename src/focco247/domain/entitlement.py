"""Entitlement (R6, R7): is this contact served by the 24|7 line, and why."""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass
from datetime import date, datetime
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

    @property
    def holiday(self) -> str | None:
        """The holiday's name in the active language, or None."""
        names = dict(self.holiday_names)
        return names.get(i18n.current_language()) or names.get(i18n.ENGLISH)

    @property
    def reason(self) -> str:
        """The reason's sentence in the active language."""
        return _(REASONS[self.reason_code]).format(**dict(self.reason_params))


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
    holiday: tuple[tuple[str, str], ...] = ()
    if calendar.holiday_name(local_day) is not None:
        holiday = tuple(
            (language, calendar.holiday_name(local_day, language) or "")
            for language in i18n.LANGUAGES
        )
    opens = calendar.next_business_open(at)

    def verdict(v: Verdict, code: str, **params: str) -> Judgement:
        off_hours = v is not Verdict.BUSINESS_HOURS
        return Judgement(v, code, off_hours, local_day, holiday, opens, tuple(params.items()))

    if calendar.is_business_time(at):
        return verdict(Verdict.BUSINESS_HOURS, "business_hours")
    if not products.get(product, False):
        return verdict(Verdict.REFUSED, "product_not_covered", product=product)
    if glt_in_force(glt_terms, local_day) is None:
        return verdict(Verdict.REFUSED, "no_glt")
    if addon_in_force(addon_periods, local_day) is not None:
        return verdict(Verdict.COVERED, "covered")
    if local_day < enforcement_start:
        return verdict(Verdict.GRACE, "grace", since=enforcement_start.isoformat())
    if not exceptional_used:
        return verdict(Verdict.EXCEPTIONAL, "exceptional")
    return verdict(Verdict.REFUSED, "exceptional_used")
