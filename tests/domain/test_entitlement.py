"""R4, R6, R7: the verdict for a contact, judged in the documented order."""

from __future__ import annotations

from datetime import UTC, date, datetime, timedelta, timezone
from decimal import Decimal
from zoneinfo import ZoneInfo

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from focco247.domain.calendar import BusinessCalendar
from focco247.domain.contracts import AddonPeriod, GltTerm, addon_in_force, glt_in_force
from focco247.domain.entitlement import Verdict, judge
from focco247.domain.instants import parse_instant
from focco247.domain.policy import Policy

SP = ZoneInfo("America/Sao_Paulo")
POLICY = Policy.default()
CAL = BusinessCalendar.from_policy(POLICY)
GLT = (GltTerm(date(2010, 1, 1), Decimal("5000.00"), Decimal("180.00")),)
ADDON = (AddonPeriod(date(2025, 6, 1), date(2026, 11, 30)),)

WEEKDAY_MORNING = "2026-11-24 10:00"  # Tuesday, business hours
SUNDAY_NIGHT = "2026-11-29 23:40"


def verdict(
    at: str,
    product: str = "FoccoERP",
    *,
    glt=GLT,
    addon=ADDON,
    used: bool = False,
):
    return judge(
        parse_instant(at, SP),
        product,
        calendar=CAL,
        products=POLICY.products,
        glt_terms=glt,
        addon_periods=addon,
        exceptional_used=used,
        enforcement_start=POLICY.enforcement_start,
    )


def test_r7_business_hours_even_for_a_subscriber():
    j = verdict(WEEKDAY_MORNING)
    assert j.verdict is Verdict.BUSINESS_HOURS
    assert not j.off_hours
    assert not j.verdict.served


def test_r7_business_hours_is_judged_before_product_coverage_even_for_foccolojas():
    assert verdict(WEEKDAY_MORNING, "FoccoLOJAS").verdict is Verdict.BUSINESS_HOURS


def test_r7_business_hours_is_judged_before_the_contract_even_without_a_glt():
    assert verdict(WEEKDAY_MORNING, glt=(), addon=()).verdict is Verdict.BUSINESS_HOURS


def test_r7_covered_off_hours_with_the_addon_in_force():
    j = verdict(SUNDAY_NIGHT)
    assert j.verdict is Verdict.COVERED
    assert j.off_hours and j.verdict.served


def test_r6_foccolojas_is_refused_off_hours_even_with_the_addon():
    j = verdict(SUNDAY_NIGHT, "FoccoLOJAS")
    assert j.verdict is Verdict.REFUSED
    assert "FoccoLOJAS" in j.reason


def test_r7_product_coverage_is_judged_before_grace_and_exceptional():
    assert verdict("2012-05-20 22:00", "FoccoLOJAS", addon=()).verdict is Verdict.REFUSED
    assert verdict(SUNDAY_NIGHT, "FoccoLOJAS", addon=()).verdict is Verdict.REFUSED


def test_r6_an_unknown_product_is_not_covered():
    assert verdict(SUNDAY_NIGHT, "SomethingElse").verdict is Verdict.REFUSED


@pytest.mark.parametrize(
    ("at", "expected"),
    [
        ("2025-05-31 23:59", Verdict.EXCEPTIONAL),  # day before the first day
        ("2025-06-01 00:00", Verdict.COVERED),  # first day, inclusive
        ("2026-11-30 23:59", Verdict.COVERED),  # last day, inclusive
        ("2026-12-01 00:00", Verdict.EXCEPTIONAL),  # day after the last day
    ],
)
def test_r4_addon_first_and_last_day_are_inclusive_in_local_dates(at, expected):
    assert verdict(at).verdict is expected


def test_r4_addon_day_is_the_local_date_not_the_utc_date():
    # 2026-11-30 23:00 local is 2026-12-01 02:00 UTC: still the last covered day.
    assert verdict("2026-12-01T02:00Z").verdict is Verdict.COVERED


def test_r7_no_glt_in_force_is_refused_even_with_unused_exceptional():
    glt = (GltTerm(date(2027, 1, 1), Decimal("1.00"), Decimal("1.00")),)
    j = verdict(SUNDAY_NIGHT, glt=glt, addon=())
    assert j.verdict is Verdict.REFUSED
    assert "GLT" in j.reason


def test_r7_no_glt_at_all_is_refused_even_before_enforcement():
    assert verdict("2012-05-20 22:00", glt=(), addon=()).verdict is Verdict.REFUSED


@pytest.mark.parametrize(
    ("at", "expected"),
    [
        ("2012-05-31 23:59", Verdict.GRACE),
        ("2012-06-01 00:00", Verdict.EXCEPTIONAL),  # enforcement day itself: no grace
        ("2011-12-25 12:00", Verdict.GRACE),
    ],
)
def test_r7_grace_before_2012_06_01_without_the_addon(at, expected):
    assert verdict(at, addon=()).verdict is expected


def test_r7_grace_even_when_the_exceptional_was_used():
    assert verdict("2012-05-20 22:00", addon=(), used=True).verdict is Verdict.GRACE


def test_r7_exceptional_when_unused_warns_the_next_is_refused():
    j = verdict(SUNDAY_NIGHT, addon=())
    assert j.verdict is Verdict.EXCEPTIONAL
    assert j.verdict.served
    assert "next" in j.reason and "refused" in j.reason


def test_r7_refused_when_the_exceptional_was_already_used():
    j = verdict(SUNDAY_NIGHT, addon=(), used=True)
    assert j.verdict is Verdict.REFUSED
    assert "already used" in j.reason


def test_r7_covered_does_not_depend_on_the_exceptional_being_used():
    assert verdict(SUNDAY_NIGHT, used=True).verdict is Verdict.COVERED


@pytest.mark.parametrize(
    ("v", "served"),
    [
        (Verdict.BUSINESS_HOURS, False),
        (Verdict.COVERED, True),
        (Verdict.GRACE, True),
        (Verdict.EXCEPTIONAL, True),
        (Verdict.REFUSED, False),
    ],
)
def test_r7_served_verdicts_are_covered_grace_and_exceptional(v, served):
    assert v.served is served


def test_r2_holiday_is_reported_with_the_verdict():
    j = verdict("2026-12-25 10:00", addon=(AddonPeriod(date(2025, 6, 1)),))
    assert j.verdict is Verdict.COVERED
    assert j.holiday and "Christmas" in j.holiday
    assert j.next_business_open == parse_instant("2026-12-28 08:00", SP)


def test_r3_verdict_for_a_naive_instant_uses_the_policy_zone():
    j = judge(
        datetime(2026, 11, 24, 8, 30),
        "FoccoERP",
        calendar=CAL,
        products=POLICY.products,
        glt_terms=GLT,
        addon_periods=ADDON,
        exceptional_used=False,
        enforcement_start=POLICY.enforcement_start,
    )
    assert j.verdict is Verdict.BUSINESS_HOURS


def test_r4_glt_in_force_is_the_latest_that_took_effect():
    old = GltTerm(date(2025, 1, 1), Decimal("5000.00"), Decimal("180.00"))
    new = GltTerm(date(2026, 1, 1), Decimal("5500.00"), Decimal("190.00"))
    assert glt_in_force([new, old], date(2024, 12, 31)) is None
    assert glt_in_force([new, old], date(2025, 12, 31)) is old
    assert glt_in_force([new, old], date(2026, 1, 1)) is new


def test_r4_addon_periods_overlap_when_they_share_a_day():
    a = AddonPeriod(date(2026, 1, 1), date(2026, 1, 31))
    assert a.overlaps(AddonPeriod(date(2026, 1, 31)))
    assert not a.overlaps(AddonPeriod(date(2026, 2, 1)))
    assert AddonPeriod(date(2026, 3, 1)).overlaps(AddonPeriod(date(2030, 1, 1), date(2030, 1, 2)))
    assert addon_in_force([a], date(2026, 2, 1)) is None
    assert addon_in_force([a], date(2026, 1, 31)) is a


# --- properties -------------------------------------------------------------------------

INSTANTS = st.datetimes(
    min_value=datetime(2010, 1, 1),
    max_value=datetime(2035, 12, 31),
    timezones=st.sampled_from([UTC, SP, timezone(timedelta(hours=9))]),
)


@settings(max_examples=300, deadline=None)
@given(
    INSTANTS,
    st.sampled_from(["FoccoERP", "FoccoLOJAS"]),
    st.booleans(),
    st.booleans(),
)
def test_property_verdict_is_business_hours_exactly_when_business_time(t, product, addon, used):
    j = judge(
        t,
        product,
        calendar=CAL,
        products=POLICY.products,
        glt_terms=GLT,
        addon_periods=ADDON if addon else (),
        exceptional_used=used,
        enforcement_start=POLICY.enforcement_start,
    )
    assert (j.verdict is Verdict.BUSINESS_HOURS) is CAL.is_business_time(t)
    assert j.off_hours is not CAL.is_business_time(t)
    assert j.next_business_open >= t


# --- products' own hours and who is offered the add-on (issue 12, point 10) ---------------


def _hours_judgement(at: str, product: str, **kwargs):
    from datetime import time

    lojas = {5: ((time(9), time(13)),)}
    return judge(
        parse_instant(at, SP),
        product,
        calendar=CAL,
        products=POLICY.products,
        glt_terms=kwargs.get("glt", GLT),
        addon_periods=kwargs.get("addon", ADDON),
        exceptional_used=kwargs.get("used", False),
        enforcement_start=POLICY.enforcement_start,
        product_hours={"FoccoLOJAS": lojas},
    )


def test_a_product_not_covered_carries_its_own_hours_and_is_not_offered_the_addon():
    from focco247.domain.entitlement import Cause

    j = _hours_judgement(SUNDAY_NIGHT, "FoccoLOJAS", addon=())
    assert j.verdict is Verdict.REFUSED and j.cause is Cause.PRODUCT_NOT_COVERED
    assert j.product_hours is not None and 5 in j.product_hours
    assert not j.offers_addon


def test_a_covered_product_carries_no_product_hours():
    assert _hours_judgement(SUNDAY_NIGHT, "FoccoERP").product_hours is None


def test_a_client_that_has_the_addon_is_never_offered_it():
    j = _hours_judgement(SUNDAY_NIGHT, "FoccoLOJAS")
    assert j.addon_in_force and not j.offers_addon


def test_refused_for_want_of_the_addon_or_a_contract_is_offered_the_addon():
    used = _hours_judgement(SUNDAY_NIGHT, "FoccoERP", addon=(), used=True)
    assert used.verdict is Verdict.REFUSED and used.offers_addon
    no_glt = _hours_judgement(SUNDAY_NIGHT, "FoccoERP", glt=(), addon=())
    assert no_glt.verdict is Verdict.REFUSED and no_glt.offers_addon
    served = _hours_judgement(SUNDAY_NIGHT, "FoccoERP", addon=())
    assert served.verdict is Verdict.EXCEPTIONAL and not served.offers_addon
