"""Billing rules (R5, R13, R15, R16): the month's 24|7 fee, chargeable calls, invoice drafts.

Pure functions over plain values. Amounts are Decimal; every line is rounded once, by
`money.round_money`, and totals are sums of rounded lines.
"""

from __future__ import annotations

import itertools
from collections.abc import Sequence
from dataclasses import dataclass, field
from datetime import date, timedelta
from decimal import Decimal
from enum import StrEnum

from focco247 import i18n
from focco247.domain.contracts import AddonPeriod, GltTerm, glt_in_force
from focco247.domain.durations import format_minutes
from focco247.domain.instants import month_bounds, month_str
from focco247.domain.money import format_brl, round_money
from focco247.i18n import N_, _

HUNDRED = Decimal(100)
SIXTY = Decimal(60)


class LineKind(StrEnum):
    FEE_247 = "fee_247"
    CHARGEABLE_HOURS = "chargeable_hours"
    ADJUSTMENT = "adjustment"
    # Information only (amount 0): the client's one exceptional off-hours service.
    EXCEPTIONAL_SERVICE = "exceptional_service"


@dataclass(frozen=True)
class FeeSegment:
    """Days of a month covered by the add-on at one GLT monthly value."""

    first: date
    last: date
    monthly: Decimal

    @property
    def days(self) -> int:
        return (self.last - self.first).days + 1


@dataclass(frozen=True)
class MonthFee:
    amount: Decimal
    covered_days: int
    days_in_month: int
    segments: tuple[FeeSegment, ...]

    @property
    def prorated(self) -> bool:
        return self.covered_days != self.days_in_month or len(self.segments) > 1


def fee_for_month(
    year: int,
    month: int,
    glt_terms: Sequence[GltTerm],
    addon_periods: Sequence[AddonPeriod],
    fee_percent: Decimal,
    rounding: str = "half-up",
) -> MonthFee | None:
    """The 24|7 fee for a month (R5): fee_percent of the GLT in force, prorated by calendar
    days (covered days / days in month), each day at the GLT value in force that day.
    None when the add-on covers no day of the month."""
    first, last = month_bounds(year, month)
    days_in_month = last.day
    # Coverage and the GLT value only change where a period or a term starts or ends, so
    # the month is walked from one such edge to the next rather than day by day.
    edges = {first, last + timedelta(days=1)}
    edges.update(t.since for t in glt_terms if first < t.since <= last)
    for period in addon_periods:
        if first < period.first_day <= last:
            edges.add(period.first_day)
        if period.last_day is not None and first <= period.last_day < last:
            edges.add(period.last_day + timedelta(days=1))
    bounds = sorted(edges)
    segments: list[FeeSegment] = []
    for start, stop in itertools.pairwise(bounds):
        covered = any(p.covers(start) for p in addon_periods)
        term = glt_in_force(glt_terms, start) if covered else None
        if term is None:
            continue
        end = stop - timedelta(days=1)
        previous = segments[-1] if segments else None
        if (
            previous
            and previous.last == start - timedelta(days=1)
            and (previous.monthly == term.monthly)
        ):
            segments[-1] = FeeSegment(previous.first, end, term.monthly)
        else:
            segments.append(FeeSegment(start, end, term.monthly))
    if not segments:
        return None
    # One exact sum, one division, one rounding: the line is rounded once.
    numerator = sum((s.monthly * s.days for s in segments), Decimal(0)) * fee_percent
    amount = round_money(numerator / (HUNDRED * days_in_month), rounding)
    covered_days = sum(s.days for s in segments)
    return MonthFee(amount, covered_days, days_in_month, tuple(segments))


def billable_minutes(logged: int, minimum: int = 60, rounding_minutes: int = 1) -> int:
    """Minutes billed for a client-caused call (R13): at least `minimum`; above it, the logged
    minutes rounded up to a multiple of `rounding_minutes`."""
    step = max(1, rounding_minutes)
    rounded = -(-max(0, logged) // step) * step
    return max(minimum, rounded)


def chargeable_amount(minutes: int, hourly_rate: Decimal, rounding: str = "half-up") -> Decimal:
    """Rate × minutes / 60, rounded to the centavo once (R13)."""
    return round_money(hourly_rate * minutes / SIXTY, rounding)


@dataclass(frozen=True)
class CallForBilling:
    """What billing needs to know of one call whose billing may have changed."""

    call_id: int
    opened_on: date  # local date of opening: picks the hourly rate
    resolved_on: date | None  # local date of resolution; None while not resolved
    chargeable: bool
    logged_minutes: int
    billed_cents: int = 0  # already on live (issued, not void) invoices
    billed_minutes: int = 0
    summary: str = ""
    # Local date on which the latest billing-relevant change was recorded (None: unknown).
    # A billed call's adjustment is billable from then on (R15), never on an earlier draft.
    changed_on: date | None = None

    @property
    def billed(self) -> bool:
        return self.billed_cents != 0 or self.billed_minutes != 0


@dataclass(frozen=True)
class PendingAdjustment:
    """A recorded adjustment (R19) not yet on a live invoice."""

    adjustment_id: int
    adjusts_month: str  # YYYY-MM
    amount: Decimal
    reason: str
    recorded_on: date  # local date it was recorded: billable from that month on


@dataclass(frozen=True)
class LineFacts:
    """What a line's description says, as values (`describe_line` writes the sentence in the
    active language: the documents' language when a draft is built for a client)."""

    kind: LineKind
    month: str = ""
    fee_percent: Decimal | None = None
    covered_days: int = 0
    days_in_month: int = 0
    segments: tuple[FeeSegment, ...] = ()
    call_id: int | None = None
    opened_on: date | None = None
    logged_minutes: int = 0
    billed_minutes: int = 0
    billed_before_minutes: int = 0
    still_chargeable: bool = True
    rate_changed: bool = False  # a billed call re-priced: the hourly rate in force changed


@dataclass(frozen=True)
class DraftLine:
    kind: LineKind
    description: str
    amount: Decimal
    call_id: int | None = None
    minutes_logged: int | None = None
    minutes_billed: int | None = None
    hourly_rate: Decimal | None = None
    # The values the description was written from (None for a line read back from an
    # issued invoice, whose stored text never changes).
    facts: LineFacts | None = None
    adjusts_month: str | None = None  # adjustment lines: the month they correct
    reason: str | None = None  # adjustment lines: why
    adjustment_id: int | None = None  # the recorded adjustment this line bills


@dataclass(frozen=True)
class Draft:
    month: str
    lines: tuple[DraftLine, ...] = field(default_factory=tuple)

    @property
    def total(self) -> Decimal:
        return sum((line.amount for line in self.lines), Decimal("0.00"))

    @property
    def billable(self) -> bool:
        """A client with nothing to bill gets no invoice (information lines do not count)."""
        return any(line.kind is not LineKind.EXCEPTIONAL_SERVICE for line in self.lines)


@dataclass(frozen=True)
class BillingRules:
    fee_percent: Decimal = Decimal(30)
    minimum_minutes: int = 60
    rounding_minutes: int = 1
    money_rounding: str = "half-up"


def call_line(
    call: CallForBilling, glt_terms: Sequence[GltTerm], rules: BillingRules
) -> DraftLine | None:
    """The line a changed call needs now, or None when its billing is settled (R13, R16).

    Never billed and chargeable: a chargeable-hours line. Already billed: an adjustment of
    the difference between what it should cost now and what was billed (0 if no longer
    chargeable). A call that is not resolved waits for its resolution.
    """
    if call.resolved_on is None:
        return None
    term = glt_in_force(glt_terms, call.opened_on)
    if call.chargeable:
        if term is None:
            raise ValueError(f"call {call.call_id} has no GLT in force on its opening day")
        minutes = billable_minutes(
            call.logged_minutes, rules.minimum_minutes, rules.rounding_minutes
        )
        target = chargeable_amount(minutes, term.hourly_rate, rules.money_rounding)
        rate: Decimal | None = term.hourly_rate
    else:
        minutes, target, rate = 0, Decimal("0.00"), term.hourly_rate if term else None
    billed = Decimal(call.billed_cents) / 100
    if call.billed_cents == 0 and call.billed_minutes == 0:
        if not call.chargeable:
            return None
        facts = LineFacts(
            LineKind.CHARGEABLE_HOURS,
            call_id=call.call_id,
            logged_minutes=call.logged_minutes,
            billed_minutes=minutes,
        )
        return DraftLine(
            LineKind.CHARGEABLE_HOURS,
            describe_line(facts),
            target,
            call.call_id,
            call.logged_minutes,
            minutes,
            rate,
            facts,
        )
    if target == billed and minutes == call.billed_minutes:
        return None
    delta_minutes = minutes - call.billed_minutes
    facts = LineFacts(
        LineKind.ADJUSTMENT,
        call_id=call.call_id,
        logged_minutes=call.logged_minutes,
        billed_minutes=delta_minutes,
        billed_before_minutes=call.billed_minutes,
        still_chargeable=call.chargeable,
        rate_changed=call.chargeable and minutes == call.billed_minutes,
    )
    return DraftLine(
        LineKind.ADJUSTMENT,
        describe_line(facts),
        round_money(target - billed, rules.money_rounding),
        call.call_id,
        call.logged_minutes,
        delta_minutes,
        rate,
        facts,
        adjusts_month=month_str(call.resolved_on.year, call.resolved_on.month),
        reason=adjustment_reason(facts),
    )


def build_draft(
    year: int,
    month: int,
    *,
    glt_terms: Sequence[GltTerm],
    addon_periods: Sequence[AddonPeriod],
    calls: Sequence[CallForBilling],
    exceptional_calls: Sequence[tuple[int, date]] = (),
    fee_already_billed: bool = False,
    rules: BillingRules | None = None,
    adjustments: Sequence[PendingAdjustment] = (),
    fee_adjusted: Sequence[tuple[Decimal, str]] = (),
) -> Draft:
    """One client's draft for a month (R15): the month's fee (once), every changed call resolved
    on or before the month's last day, every pending adjustment recorded on or before it, and
    information lines for exceptional services.

    `fee_adjusted` holds the (amount, reason) of adjustments already recorded for this month's
    fee (when an invoice of the month was voided after they were recorded): one line offsets
    them, so that the month's fee plus its adjustments is the fee recomputed now (R19)."""
    rules = rules or BillingRules()
    _, last = month_bounds(year, month)
    label = month_str(year, month)
    lines: list[DraftLine] = []
    if not fee_already_billed:
        fee = fee_for_month(
            year, month, glt_terms, addon_periods, rules.fee_percent, rules.money_rounding
        )
        if fee is not None:
            facts = LineFacts(
                LineKind.FEE_247,
                month=month_str(year, month),
                fee_percent=rules.fee_percent,
                covered_days=fee.covered_days,
                days_in_month=fee.days_in_month,
                segments=fee.segments,
            )
            lines.append(DraftLine(LineKind.FEE_247, describe_line(facts), fee.amount, facts=facts))
        offset = sum((amount for amount, _ in fee_adjusted), Decimal("0.00"))
        if offset:
            reason = "; ".join(dict.fromkeys(why for _, why in fee_adjusted))
            lines.append(
                DraftLine(
                    LineKind.ADJUSTMENT,
                    f"{label}: {reason}",
                    -offset,
                    adjusts_month=label,
                    reason=reason,
                )
            )
    for call in sorted(calls, key=lambda c: (c.resolved_on or date.max, c.call_id)):
        if not call_due_by(call, last):
            continue
        line = call_line(call, glt_terms, rules)
        if line is not None:
            lines.append(line)
    for adj in sorted(adjustments, key=lambda a: (a.recorded_on, a.adjustment_id)):
        if adj.recorded_on > last:
            continue
        lines.append(
            DraftLine(
                LineKind.ADJUSTMENT,
                f"{adj.adjusts_month}: {adj.reason}",
                adj.amount,
                adjusts_month=adj.adjusts_month,
                reason=adj.reason,
                adjustment_id=adj.adjustment_id,
            )
        )
    for call_id, opened_on in sorted(exceptional_calls):
        facts = LineFacts(LineKind.EXCEPTIONAL_SERVICE, call_id=call_id, opened_on=opened_on)
        lines.append(
            DraftLine(
                LineKind.EXCEPTIONAL_SERVICE,
                describe_line(facts),
                Decimal("0.00"),
                call_id,
                facts=facts,
            )
        )
    return Draft(month_str(year, month), tuple(lines))


def call_due_by(call: CallForBilling, last: date) -> bool:
    """Whether a changed call belongs on a draft whose month ends on `last` (R15): resolved by
    then and, when it was billed before, its change recorded by then."""
    if call.resolved_on is not None and call.resolved_on > last:
        return False
    return not (call.billed and call.changed_on is not None and call.changed_on > last)


def adjustment_reason(facts: LineFacts) -> str:
    """Why a billed call is adjusted, in the active language (the documents')."""
    if facts.rate_changed:
        return _("hourly rate changed after billing")
    if facts.still_chargeable:
        return _("time changed after billing")
    return _("no longer chargeable")


def describe_line(facts: LineFacts) -> str:
    """A line's description for the client, in the active language (SPEC §5 "Languages":
    the documents' language, whoever runs the command)."""
    if facts.kind is LineKind.FEE_247:
        return _fee_description(facts)
    call_id = facts.call_id
    if facts.kind is LineKind.CHARGEABLE_HOURS:
        return _("Call #{call_id} client-caused: {logged} logged, {billed} billed").format(
            call_id=call_id,
            logged=format_minutes(facts.logged_minutes),
            billed=format_minutes(facts.billed_minutes),
        )
    if facts.kind is LineKind.ADJUSTMENT:
        if facts.rate_changed:
            template = N_(
                "Call #{call_id} hourly rate changed after billing: {minutes} "
                "({before} billed before)"
            )
        elif facts.still_chargeable:
            template = N_(
                "Call #{call_id} time changed after billing: {minutes} ({before} billed before)"
            )
        else:
            template = N_(
                "Call #{call_id} no longer chargeable: {minutes} ({before} billed before)"
            )
        return _(template).format(
            call_id=call_id,
            minutes=format_minutes(facts.billed_minutes),
            before=format_minutes(facts.billed_before_minutes),
        )
    return _(
        "Call #{call_id} on {day}: exceptional off-hours service without the 24|7 add-on "
        "(not charged; the next one will be refused)"
    ).format(call_id=call_id, day=_day(facts.opened_on) if facts.opened_on else "")


def _fee_description(facts: LineFacts) -> str:
    percent = f"{(facts.fee_percent or Decimal(0)).normalize():f}"
    month = _month(facts.month)
    if len(facts.segments) == 1 and facts.covered_days == facts.days_in_month:
        return _("24|7 add-on {month}: {percent}% of GLT {monthly}").format(
            month=month, percent=percent, monthly=format_brl(facts.segments[0].monthly)
        )
    parts = ", ".join(
        _("{first:02d}-{last:02d} at {monthly}").format(
            first=s.first.day, last=s.last.day, monthly=format_brl(s.monthly)
        )
        for s in facts.segments
    )
    return _("24|7 add-on {month}: {percent}% of GLT, {covered}/{days} days ({parts})").format(
        month=month,
        percent=percent,
        covered=facts.covered_days,
        days=facts.days_in_month,
        parts=parts,
    )


def _day(value: date) -> str:
    """A date as the active language writes it (29/11/2026, 2026-11-29)."""
    if i18n.current_language() == i18n.PORTUGUESE:
        return value.strftime("%d/%m/%Y")
    return value.isoformat()


def _month(text: str) -> str:
    """A `YYYY-MM` month as the active language writes it (11/2026, 2026-11)."""
    if i18n.current_language() == i18n.PORTUGUESE and len(text) == 7:
        return f"{text[5:]}/{text[:4]}"
    return text
