"""Instants, dates and months as typed (SPEC §3); naive times are in the policy zone (R3)."""

from __future__ import annotations

from datetime import UTC, date, datetime
from zoneinfo import ZoneInfo

import pytest

from focco247.domain.instants import (
    iso_local,
    month_bounds,
    parse_date,
    parse_instant,
    parse_month,
    previous_month,
    utc_now_from,
)
from focco247.errors import InputError

SP = ZoneInfo("America/Sao_Paulo")


@pytest.mark.parametrize(
    ("text", "utc"),
    [
        ("2026-11-24 21:30", datetime(2026, 11, 25, 0, 30, tzinfo=UTC)),
        ("2026-11-24T21:30", datetime(2026, 11, 25, 0, 30, tzinfo=UTC)),
        ("2026-11-24T21:30:00-03:00", datetime(2026, 11, 25, 0, 30, tzinfo=UTC)),
        ("2026-11-24T11:30Z", datetime(2026, 11, 24, 11, 30, tzinfo=UTC)),
        ("2026-11-24T11:30:00+00:00", datetime(2026, 11, 24, 11, 30, tzinfo=UTC)),
        ("2018-01-15 08:00", datetime(2018, 1, 15, 10, 0, tzinfo=UTC)),  # summer time, UTC-2
    ],
)
def test_r3_instant_without_offset_is_policy_zone_and_result_is_aware_utc(text, utc):
    value = parse_instant(text, SP)
    assert value == utc
    assert value.tzinfo == UTC


@pytest.mark.parametrize(
    "text", ["2026-11-24", "tomorrow", "2026-02-30 10:00", "2026-11-24 25:00", "", "21:30"]
)
def test_instant_refuses_dates_without_time_and_impossible_instants(text):
    with pytest.raises(InputError):
        parse_instant(text, SP)


def test_iso_local_prints_the_policy_zone_offset():
    assert iso_local(datetime(2026, 11, 25, 0, 30, tzinfo=UTC), SP) == "2026-11-24T21:30:00-03:00"
    assert iso_local(None, SP) is None


@pytest.mark.parametrize("text", ["2026-02-30", "2026-13-01", "2026-1-1", "01/02/26", "x"])
def test_date_refuses_dates_not_on_the_calendar(text):
    with pytest.raises(InputError):
        parse_date(text)


def test_date_accepts_a_real_date_including_leap_day():
    assert parse_date("2028-02-29") == date(2028, 2, 29)
    with pytest.raises(InputError):
        parse_date("2027-02-29")


@pytest.mark.parametrize("text", ["2026-13", "2026-00", "26-11", "2026-11-01", "nov"])
def test_month_refuses_what_is_not_yyyy_mm(text):
    with pytest.raises(InputError):
        parse_month(text)


def test_month_bounds_and_previous_month():
    assert parse_month("2026-02") == (2026, 2)
    assert month_bounds(2028, 2) == (date(2028, 2, 1), date(2028, 2, 29))
    assert month_bounds(2026, 12) == (date(2026, 12, 1), date(2026, 12, 31))
    assert previous_month(date(2026, 1, 5)) == (2025, 12)
    assert previous_month(date(2026, 11, 25)) == (2026, 10)


def test_now_override_replaces_the_clock_and_a_bad_one_is_refused():
    assert utc_now_from("2026-11-25T22:00:00-03:00", SP) == datetime(2026, 11, 26, 1, tzinfo=UTC)
    assert utc_now_from(None, SP).tzinfo is not None
    with pytest.raises(InputError):
        utc_now_from("yesterday", SP)


@pytest.mark.parametrize("text", ["0001-01-01 00:00", "9999-12-31 23:00", "1850-06-01T10:00Z"])
def test_instant_out_of_range_is_refused_not_an_overflow(text):
    with pytest.raises(InputError, match="out of range"):
        parse_instant(text, SP)


@pytest.mark.parametrize("text", ["0001-01-01", "9999-12-31"])
def test_date_out_of_range_is_refused(text):
    with pytest.raises(InputError, match="out of range"):
        parse_date(text)
