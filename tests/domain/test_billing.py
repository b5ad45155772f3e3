"""Billing rules R5, R13, R15, R16, with amounts computed by hand."""

from __future__ import annotations

from datetime import date
from decimal import Decimal

import pytest
from hypothesis import given
from hypothesis import strategies as st

from focco247.domain.billing import (
    BillingRules,
    CallForBilling,
    LineKind,
    billable_minutes,
    build_draft,
    chargeable_amount,
    fee_for_month,
)
from focco247.domain.contracts import AddonPeriod, GltTerm

D = Decimal
GLT_5000 = [GltTerm(date(2025, 1, 1), D("5000.00"), D("180.00"))]


def test_r5_seed_example_glt_5000_gives_fee_1500():
    fee = fee_for_month(2026, 11, GLT_5000, [AddonPeriod(date(2025, 6, 1))], D(30))
    assert fee is not None
    assert fee.amount == D("1500.00")
    assert (fee.covered_days, fee.days_in_month) == (30, 30)


def test_r5_no_addon_in_the_month_means_no_fee():
    assert fee_for_month(2026, 11, GLT_5000, [AddonPeriod(date(2026, 12, 1))], D(30)) is None


def test_r5_addon_starting_mid_month_is_prorated_by_calendar_days():
    # 2026-11-15..30 = 16 of 30 days: 1500 × 16 / 30 = 800.00
    fee = fee_for_month(2026, 11, GLT_5000, [AddonPeriod(date(2026, 11, 15))], D(30))
    assert fee.amount == D("800.00")
    assert fee.covered_days == 16


def test_r5_addon_ending_mid_month_counts_the_last_day():
    # 2026-10-01..10 = 10 of 31 days: 1500 × 10 / 31 = 483.870967... → 483.87
    fee = fee_for_month(
        2026, 10, GLT_5000, [AddonPeriod(date(2025, 6, 1), date(2026, 10, 10))], D(30)
    )
    assert fee.amount == D("483.87")
    assert fee.covered_days == 10


def test_r5_leap_year_february_has_29_days():
    # 2028-02-15..29 = 15 of 29 days: 1500 × 15 / 29 = 775.862... → 775.86
    fee = fee_for_month(2028, 2, GLT_5000, [AddonPeriod(date(2028, 2, 15))], D(30))
    assert (fee.covered_days, fee.days_in_month) == (15, 29)
    assert fee.amount == D("775.86")


def test_r5_february_2027_has_28_days():
    fee = fee_for_month(2027, 2, GLT_5000, [AddonPeriod(date(2027, 2, 15))], D(30))
    # 14 of 28 days: exactly half
    assert fee.amount == D("750.00")


def test_r5_glt_change_mid_month_prices_each_day_at_the_glt_in_force():
    terms = [*GLT_5000, GltTerm(date(2026, 11, 16), D("6000.00"), D("200.00"))]
    # 15 days at 5000 and 15 at 6000: 0.3 × (5000×15 + 6000×15) / 30 = 1650.00
    fee = fee_for_month(2026, 11, terms, [AddonPeriod(date(2025, 1, 1))], D(30))
    assert fee.amount == D("1650.00")
    assert len(fee.segments) == 2


def test_r5_fee_line_is_rounded_once_not_per_day():
    # 7 of 31 days of 3333.33 at 30%: 0.3 × 3333.33 × 7 / 31 = 225.806... → 225.81
    terms = [GltTerm(date(2020, 1, 1), D("3333.33"), D("100"))]
    fee = fee_for_month(2026, 12, terms, [AddonPeriod(date(2026, 12, 25))], D(30))
    assert fee.amount == D("225.81")


def test_r5_money_rounding_half_even_versus_half_up_on_the_fee():
    # 0.3 × 1000.05 = 300.015: half-up 300.02, half-even 300.02 (1 is odd → rounds up)
    # 0.3 × 1000.15 = 300.045: half-up 300.05, half-even 300.04
    terms = [GltTerm(date(2020, 1, 1), D("1000.15"), D("100"))]
    addon = [AddonPeriod(date(2020, 1, 1))]
    assert fee_for_month(2026, 11, terms, addon, D(30), "half-up").amount == D("300.05")
    assert fee_for_month(2026, 11, terms, addon, D(30), "half-even").amount == D("300.04")


@pytest.mark.parametrize(
    ("logged", "billed"),
    [(0, 60), (20, 60), (60, 60), (61, 61), (90, 90), (600, 600)],
)
def test_r13_minimum_sixty_minutes_then_exact_minutes(logged, billed):
    assert billable_minutes(logged, 60, 1) == billed


@pytest.mark.parametrize(("logged", "billed"), [(61, 75), (75, 75), (76, 90), (20, 60)])
def test_r13_rounding_minutes_rounds_up_above_the_minimum(logged, billed):
    assert billable_minutes(logged, 60, 15) == billed


@pytest.mark.parametrize(
    ("minutes", "rate", "amount"),
    [
        (60, "180.00", "180.00"),
        (61, "180.00", "183.00"),
        (90, "180.00", "270.00"),
        (61, "155.55", "158.14"),  # 155.55 × 61 / 60 = 158.1425
        (67, "100.00", "111.67"),  # 111.666...
    ],
)
def test_r13_amount_is_rate_times_minutes_over_sixty_rounded_once(minutes, rate, amount):
    assert chargeable_amount(minutes, D(rate)) == D(amount)


def test_r13_half_up_versus_half_even_at_the_centavo():
    # 0.25 × 61 / 60 = 0.254166 (no tie); 1.23 × 30 / 60 = 0.615 is a tie
    assert chargeable_amount(30, D("1.23"), "half-up") == D("0.62")
    assert chargeable_amount(30, D("1.23"), "half-even") == D("0.62")
    assert chargeable_amount(30, D("1.25"), "half-up") == D("0.63")
    assert chargeable_amount(30, D("1.25"), "half-even") == D("0.62")


def _call(call_id=1, opened=date(2026, 11, 8), resolved=date(2026, 11, 8), **kw):
    base = dict(chargeable=True, logged_minutes=20)
    base.update(kw)
    return CallForBilling(call_id, opened, resolved, **base)


def test_r13_rate_is_the_one_in_force_on_the_opening_day():
    terms = [*GLT_5000, GltTerm(date(2026, 11, 1), D("5000.00"), D("200.00"))]
    call = _call(opened=date(2026, 10, 31), resolved=date(2026, 11, 1), logged_minutes=90)
    draft = build_draft(2026, 11, glt_terms=terms, addon_periods=[], calls=[call])
    (line,) = draft.lines
    assert line.hourly_rate == D("180.00")
    assert line.amount == D("270.00")


def test_r15_call_resolved_after_the_month_waits_for_its_month():
    call = _call(resolved=date(2026, 12, 1))
    draft = build_draft(2026, 11, glt_terms=GLT_5000, addon_periods=[], calls=[call])
    assert draft.lines == ()
    assert not draft.billable


def test_r15_unresolved_call_is_not_billed():
    call = _call(resolved=None)
    assert build_draft(2026, 11, glt_terms=GLT_5000, addon_periods=[], calls=[call]).lines == ()


def test_r15_earlier_unbilled_call_rolls_forward_into_a_later_month():
    call = _call(opened=date(2026, 9, 3), resolved=date(2026, 9, 3), logged_minutes=61)
    draft = build_draft(2026, 11, glt_terms=GLT_5000, addon_periods=[], calls=[call])
    assert [ln.amount for ln in draft.lines] == [D("183.00")]


def test_r16_more_time_after_billing_is_an_adjustment_of_the_difference():
    call = _call(logged_minutes=90, billed_cents=18000, billed_minutes=60)
    (line,) = build_draft(2026, 11, glt_terms=GLT_5000, addon_periods=[], calls=[call]).lines
    assert line.kind is LineKind.ADJUSTMENT
    assert line.amount == D("90.00")
    assert line.minutes_billed == 30


def test_r16_no_longer_chargeable_after_billing_is_credited():
    call = _call(chargeable=False, logged_minutes=90, billed_cents=27000, billed_minutes=90)
    (line,) = build_draft(2026, 11, glt_terms=GLT_5000, addon_periods=[], calls=[call]).lines
    assert line.kind is LineKind.ADJUSTMENT
    assert line.amount == D("-270.00")


def test_r16_settled_call_produces_no_line():
    call = _call(logged_minutes=20, billed_cents=18000, billed_minutes=60)
    assert build_draft(2026, 11, glt_terms=GLT_5000, addon_periods=[], calls=[call]).lines == ()


def test_fee_already_billed_is_not_repeated():
    draft = build_draft(
        2026,
        11,
        glt_terms=GLT_5000,
        addon_periods=[AddonPeriod(date(2025, 6, 1))],
        calls=[],
        fee_already_billed=True,
    )
    assert draft.lines == ()


def test_exceptional_service_is_an_information_line_that_bills_nothing():
    draft = build_draft(
        2026, 11, glt_terms=GLT_5000, addon_periods=[], calls=[],
        exceptional_calls=[(7, date(2026, 11, 8))],
    )  # fmt: skip
    (line,) = draft.lines
    assert line.kind is LineKind.EXCEPTIONAL_SERVICE
    assert line.amount == D("0.00")
    assert not draft.billable


amounts = st.decimals(min_value=D("100"), max_value=D("99999.99"), places=2)
days = st.dates(min_value=date(2012, 1, 1), max_value=date(2035, 12, 31))


@given(
    monthly=amounts,
    rate=amounts,
    start=days,
    minutes=st.lists(st.integers(min_value=0, max_value=3000), max_size=8),
    year=st.integers(min_value=2012, max_value=2035),
    month=st.integers(min_value=1, max_value=12),
)
def test_property_lines_sum_to_the_total_and_drafts_are_deterministic(
    monthly, rate, start, minutes, year, month
):
    terms = [GltTerm(date(2011, 1, 1), monthly, rate)]
    calls = [
        _call(call_id=i, opened=date(2012, 1, 1), resolved=date(2012, 1, 2), logged_minutes=m)
        for i, m in enumerate(minutes, start=1)
    ]
    kwargs = dict(glt_terms=terms, addon_periods=[AddonPeriod(start)], calls=calls)
    first = build_draft(year, month, **kwargs, rules=BillingRules())
    again = build_draft(year, month, **kwargs, rules=BillingRules())
    assert first == again
    assert first.total == sum((ln.amount for ln in first.lines), D(0))
    assert all(ln.amount == ln.amount.quantize(D("0.01")) for ln in first.lines)


@given(monthly=amounts, year=st.integers(2012, 2035), month=st.integers(1, 12))
def test_property_full_month_fee_is_exactly_fee_percent_of_glt(monthly, year, month):
    terms = [GltTerm(date(2011, 1, 1), monthly, D(100))]
    fee = fee_for_month(year, month, terms, [AddonPeriod(date(2011, 1, 1))], D(30))
    assert fee.amount == (monthly * D("0.3")).quantize(D("0.01"), rounding="ROUND_HALF_UP")


def _fee_day_by_day(year, month, terms, periods, percent):
    """The R5 rule read literally: every covered day at the GLT in force that day."""
    import calendar as stdlib_calendar
    from datetime import timedelta

    from focco247.domain.contracts import glt_in_force

    days = stdlib_calendar.monthrange(year, month)[1]
    total = D(0)
    day = date(year, month, 1)
    for _ in range(days):
        term = glt_in_force(terms, day) if any(p.covers(day) for p in periods) else None
        if term is not None:
            total += term.monthly
        day += timedelta(days=1)
    if total == 0:
        return None
    return (total * percent / (100 * days)).quantize(D("0.01"), rounding="ROUND_HALF_UP")


month_days = st.dates(min_value=date(2026, 1, 1), max_value=date(2026, 12, 31))


@given(
    since=st.lists(st.tuples(month_days, amounts), min_size=1, max_size=4),
    starts=st.lists(st.tuples(month_days, st.one_of(st.none(), month_days)), max_size=3),
    month=st.integers(1, 12),
)
def test_property_r5_fee_equals_the_day_by_day_reading_of_the_rule(since, starts, month):
    terms = [GltTerm(day, value, D(100)) for day, value in {d: v for d, v in since}.items()]
    periods = [AddonPeriod(a, b) for a, b in starts if b is None or b >= a]
    fee = fee_for_month(2026, month, terms, periods, D(30))
    expected = _fee_day_by_day(2026, month, terms, periods, D(30))
    assert (fee.amount if fee else None) == expected
