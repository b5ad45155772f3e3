"""Corrections that reach the money (R19): what an issued month should have cost, compared
with what was billed for it. Pure functions over plain values."""

from __future__ import annotations

from collections.abc import Iterable, Mapping, Sequence
from dataclasses import dataclass
from decimal import Decimal

from focco247.domain.billing import BillingRules, fee_for_month
from focco247.domain.contracts import AddonPeriod, GltTerm
from focco247.domain.instants import parse_month

ZERO = Decimal("0.00")


@dataclass(frozen=True)
class FeeDifference:
    """An issued month whose fee, recomputed from current facts, differs from what was
    billed for it (its fee line plus its adjustments, issued and pending)."""

    month: str  # YYYY-MM
    recomputed: Decimal
    billed: Decimal

    @property
    def amount(self) -> Decimal:
        return self.recomputed - self.billed


def month_fee(
    month: str,
    glt_terms: Sequence[GltTerm],
    addon_periods: Sequence[AddonPeriod],
    rules: BillingRules,
) -> Decimal:
    """The 24|7 fee of a month from the given facts (0 when the add-on covers no day)."""
    year, number = parse_month(month)
    fee = fee_for_month(
        year, number, glt_terms, addon_periods, rules.fee_percent, rules.money_rounding
    )
    return fee.amount if fee is not None else ZERO


def fee_differences(
    months: Iterable[str],
    glt_terms: Sequence[GltTerm],
    addon_periods: Sequence[AddonPeriod],
    billed: Mapping[str, Decimal],
    rules: BillingRules,
) -> list[FeeDifference]:
    """For each issued month, in order, the fee difference still to settle (none if zero)."""
    out: list[FeeDifference] = []
    for month in sorted(set(months)):
        recomputed = month_fee(month, glt_terms, addon_periods, rules)
        have = billed.get(month, ZERO)
        if recomputed != have:
            out.append(FeeDifference(month, recomputed, have))
    return out
