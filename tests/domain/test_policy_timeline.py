"""R20: each policy key has its own timeline; the entry in force on a date is the latest
one at or before it; tables merge key by key."""

from __future__ import annotations

from datetime import UTC, date, datetime
from decimal import Decimal

import pytest

from focco247.domain.calendar import BusinessCalendar
from focco247.domain.policy import (
    BEGINNING,
    Policy,
    PolicyTimeline,
    TimelineEntry,
    billing_day,
    nested,
    timeline_keys,
)
from focco247.errors import ConfigError

AT = datetime(2026, 11, 25, tzinfo=UTC)


def entry(n: int, key: str, value: object, since: date) -> TimelineEntry:
    return TimelineEntry(n, key, value, since, AT, "tester")


def test_the_entry_in_force_is_the_latest_at_or_before_the_date_per_key():
    timeline = PolicyTimeline([
        entry(1, "fee_percent", "30", BEGINNING),
        entry(2, "fee_percent", "25", date(2027, 3, 1)),
        entry(3, "fee_percent", "20", date(2027, 1, 1)),
        entry(4, "sales.phone", "0800", date(2026, 1, 1)),
    ])  # fmt: skip
    assert timeline.at(date(2026, 12, 31)).fee_percent == Decimal("30")
    assert timeline.at(date(2027, 2, 1)).fee_percent == Decimal("20")
    assert timeline.at(date(2027, 3, 1)).fee_percent == Decimal("25")
    assert timeline.at(date(2025, 1, 1)).sales_phone == "(54) 3025 9000"
    assert timeline.at(date(2027, 2, 1)).sales_phone == "0800"
    assert timeline.next_since("fee_percent", date(2027, 1, 1)) == date(2027, 3, 1)


def test_same_key_and_date_the_latest_recorded_wins():
    timeline = PolicyTimeline([
        entry(7, "fee_percent", "25", date(2027, 1, 1)),
        entry(9, "fee_percent", "26", date(2027, 1, 1)),
    ])  # fmt: skip
    assert timeline.at(date(2027, 1, 1)).fee_percent == Decimal("26")


def test_days_with_the_same_entries_share_one_policy_object():
    timeline = PolicyTimeline([entry(1, "fee_percent", "25", date(2027, 1, 1))])
    assert timeline.at(date(2026, 1, 1)) is timeline.at(date(2026, 6, 1))
    assert timeline.at(date(2026, 1, 1)) is not timeline.at(date(2027, 6, 1))


def test_an_empty_timeline_is_the_defaults():
    assert PolicyTimeline([]).at(date(2026, 1, 1)) == Policy.default()


def test_billing_a_month_reads_its_first_day():
    assert billing_day(2027, 1) == date(2027, 1, 1)


def test_tables_become_keys_one_level_down_and_back():
    mapping = {"fee_percent": 25, "holidays": {"subdivision": "SC"},
               "products": {"FoccoERP": True}}  # fmt: skip
    flat = timeline_keys(mapping)
    assert flat == {"fee_percent": 25, "holidays.subdivision": "SC",
                    "products.FoccoERP": {"covered": True}}  # fmt: skip
    assert nested(flat) == {"fee_percent": 25, "holidays": {"subdivision": "SC"},
                            "products": {"FoccoERP": {"covered": True}}}  # fmt: skip


def test_toml_dates_are_kept_as_iso_text():
    flat = timeline_keys({"holidays": {"extra": [{"date": date(2026, 12, 24), "name": "X"}]}})
    assert flat == {"holidays.extra": [{"date": "2026-12-24", "name": "X"}]}
    assert Policy.from_mapping(nested(flat)).extra_holidays[0].day == date(2026, 12, 24)


def test_observed_optional_holidays_only_those_named():
    policy = Policy.from_mapping({"holidays": {"observe": ["Carnaval", "Corpus Christi"]}})
    assert policy.holiday_observe == ("Carnival", "Corpus Christi")
    calendar = BusinessCalendar.from_policy(policy)
    assert calendar.holiday_name(date(2027, 2, 9)) == "Carnival"
    assert calendar.holiday_name(date(2027, 5, 27)) == "Corpus Christi"
    assert calendar.holiday_name(date(2027, 2, 10)) is None  # Ash Wednesday: not named
    assert calendar.holiday_name(date(2027, 12, 24)) is None


def test_an_unknown_observed_name_is_refused_listing_the_valid_ones():
    with pytest.raises(ConfigError) as caught:
        Policy.from_mapping({"holidays": {"observe": ["Natal"]}})
    assert "'Natal'" in str(caught.value) and "Carnaval" in str(caught.value)


def test_a_product_has_covered_and_optional_hours():
    policy = Policy.from_mapping(
        {"products": {"FoccoLOJAS": {"covered": False, "hours": {"saturday": ["08:00-12:00"]}}}}
    )
    assert policy.products == {"FoccoERP": True, "FoccoLOJAS": False}
    assert set(policy.product_hours) == {"FoccoLOJAS"}
    with pytest.raises(ConfigError, match=r"products\.FoccoLOJAS\.hours\.saturday"):
        Policy.from_mapping(
            {"products": {"FoccoLOJAS": {"covered": False, "hours": {"saturday": ["12-8"]}}}}
        )
