"""Fee differences of issued months (R19), hand-computed."""

from __future__ import annotations

from datetime import date
from decimal import Decimal

from focco247.domain.adjustments import fee_differences, month_fee
from focco247.domain.billing import BillingRules, PendingAdjustment, build_draft
from focco247.domain.contracts import AddonPeriod, GltTerm

TERMS = [GltTerm(date(2025, 1, 1), Decimal("5000.00"), Decimal("180.00"))]


def test_r19_an_addon_ended_mid_month_leaves_15_of_31_days_of_the_fee():
    periods = [AddonPeriod(date(2025, 6, 1), date(2026, 10, 15))]
    assert month_fee("2026-10", TERMS, periods, BillingRules()) == Decimal("725.81")
    diffs = fee_differences(
        ["2026-11", "2026-10"],
        TERMS,
        periods,
        {"2026-10": Decimal("1500.00"), "2026-11": Decimal("1500.00")},
        BillingRules(),
    )
    assert [(d.month, d.amount) for d in diffs] == [
        ("2026-10", Decimal("-774.19")),
        ("2026-11", Decimal("-1500.00")),
    ]


def test_r19_a_month_billed_exactly_has_no_difference():
    periods = [AddonPeriod(date(2025, 6, 1))]
    assert fee_differences(["2026-10"], TERMS, periods, {"2026-10": Decimal("1500.00")},
                           BillingRules()) == []  # fmt: skip


def test_r15_a_draft_holds_adjustments_recorded_by_its_months_end_only():
    pending = [
        PendingAdjustment(1, "2026-10", Decimal("-774.19"), "add-on ended", date(2026, 11, 30)),
        PendingAdjustment(2, "2026-10", Decimal("10.00"), "later", date(2026, 12, 1)),
    ]
    draft = build_draft(2026, 11, glt_terms=TERMS, addon_periods=[], calls=[],
                        adjustments=pending)  # fmt: skip
    assert [(ln.adjustment_id, ln.adjusts_month, ln.amount) for ln in draft.lines] == [
        (1, "2026-10", Decimal("-774.19"))
    ]
