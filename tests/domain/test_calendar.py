"""R1–R3: business hours, holidays and off-hours, judged in the policy time zone."""

from __future__ import annotations

from datetime import UTC, datetime, timedelta, timezone
from zoneinfo import ZoneInfo

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from focco247.domain.calendar import BusinessCalendar
from focco247.domain.instants import parse_instant
from focco247.domain.policy import Policy

SP = ZoneInfo("America/Sao_Paulo")
CAL = BusinessCalendar.from_policy(Policy.default())


def local(text: str) -> datetime:
    """A wall-clock time in the policy zone (naive input means the policy zone, R3)."""
    return parse_instant(text, SP)


# 2026-11-24 is a Tuesday with no holiday anywhere in Brazil.
@pytest.mark.parametrize(
    ("clock", "business"),
    [
        ("00:00", False),
        ("07:59", False),
        ("08:00", True),
        ("10:00", True),
        ("11:59", True),
        ("12:00", False),
        ("12:45", False),
        ("13:29", False),
        ("13:30", True),
        ("17:59", True),
        ("18:00", False),
        ("23:59", False),
    ],
)
def test_r1_weekday_business_hours_are_half_open_08_12_and_13_30_18(clock, business):
    assert CAL.is_business_time(local(f"2026-11-24 {clock}")) is business


@pytest.mark.parametrize("clock", ["11:59:59", "17:59:59"])
def test_r1_last_second_before_closing_is_still_business(clock):
    assert CAL.is_business_time(local(f"2026-11-24 {clock}"))


@pytest.mark.parametrize("day", ["2026-11-28", "2026-11-29"])  # Saturday, Sunday
@pytest.mark.parametrize("clock", ["08:00", "10:00", "14:00", "17:59"])
def test_r1_saturday_and_sunday_are_off_hours_all_day(day, clock):
    assert not CAL.is_business_time(local(f"{day} {clock}"))


@pytest.mark.parametrize(
    ("day", "name_part"),
    [
        ("2026-12-25", "Christmas"),
        ("2026-11-20", "Black"),  # Dia Nacional de Zumbi e da Consciência Negra (national)
        ("2026-09-07", "Independence"),
        ("2026-04-21", "Tiradentes"),
    ],
)
def test_r2_national_holiday_on_a_weekday_is_off_hours_all_day(day, name_part):
    assert CAL.holiday_name(datetime.fromisoformat(day).date()) is not None
    assert name_part.lower() in CAL.holiday_name(datetime.fromisoformat(day).date()).lower()
    for clock in ("08:00", "10:00", "13:30", "17:59"):
        assert not CAL.is_business_time(local(f"{day} {clock}"))


def test_r2_gaucho_day_is_a_holiday_in_rs_but_not_with_subdivision_sp():
    monday = local("2027-09-20 10:00")  # Revolução Farroupilha, a Monday
    assert monday.astimezone(SP).weekday() == 0
    assert CAL.holiday_name(monday.astimezone(SP).date()) is not None
    assert not CAL.is_business_time(monday)

    sp = BusinessCalendar.from_policy(Policy.from_mapping({"holidays": {"subdivision": "SP"}}))
    assert sp.holiday_name(monday.astimezone(SP).date()) is None
    assert sp.is_business_time(monday)


def test_r2_extra_holiday_from_config_is_off_hours_with_its_name():
    policy = Policy.from_mapping(
        {"holidays": {"extra": [{"date": "2026-11-24", "name": "Company closure"}]}}
    )
    cal = BusinessCalendar.from_policy(policy)
    assert cal.holiday_name(datetime(2026, 11, 24).date()) == "Company closure"
    assert not cal.is_business_time(local("2026-11-24 10:00"))
    # The default calendar still works that day.
    assert CAL.is_business_time(local("2026-11-24 10:00"))


def test_r2_extra_holiday_keeps_the_country_holidays():
    policy = Policy.from_mapping({"holidays": {"extra": [{"date": "2026-11-24", "name": "X"}]}})
    cal = BusinessCalendar.from_policy(policy)
    assert cal.holiday_name(datetime(2026, 12, 25).date()) is not None


@pytest.mark.parametrize(
    ("text", "business"),
    [
        ("2026-11-24T11:30Z", True),  # 08:30 in Caxias do Sul
        ("2026-11-24T10:59Z", False),  # 07:59 local
        ("2026-11-24T15:00Z", False),  # 12:00 local: lunch
        ("2026-11-24T16:30Z", True),  # 13:30 local
        ("2026-11-24T21:00Z", False),  # 18:00 local
        ("2026-11-24T09:30:00-05:00", True),  # 11:30 local
        ("2026-11-24T11:30:00+01:00", False),  # 10:30 UTC = 07:30 local
        ("2026-11-24T14:30:00+01:00", True),  # 13:30 UTC = 10:30 local
        ("2026-11-24T08:30:00-03:00", True),
    ],
)
def test_r3_instants_with_any_offset_are_judged_in_the_policy_zone(text, business):
    assert CAL.is_business_time(parse_instant(text, SP)) is business


def test_r3_a_naive_time_is_in_the_policy_zone():
    assert parse_instant("2026-11-24 08:30", SP) == datetime(2026, 11, 24, 11, 30, tzinfo=UTC)
    assert CAL.is_business_time(parse_instant("2026-11-24 08:30", SP))
    # A naive datetime handed straight to the calendar is read in the policy zone too.
    assert CAL.is_business_time(datetime(2026, 11, 24, 8, 30))
    assert not CAL.is_business_time(datetime(2026, 11, 24, 7, 59))


@pytest.mark.parametrize(
    ("text", "business"),
    [
        # 2018-01-15 (Monday): Brazil was on summer time, UTC-2.
        ("2018-01-15T10:00Z", True),  # 08:00 local
        ("2018-01-15T09:59Z", False),  # 07:59 local
        ("2018-01-15T20:00Z", False),  # 18:00 local
        ("2018-01-15T19:59Z", True),  # 17:59 local
        ("2018-01-15 08:00", True),
    ],
)
def test_r3_historical_summer_time_is_judged_in_local_wall_time(text, business):
    assert CAL.is_business_time(parse_instant(text, SP)) is business


@pytest.mark.parametrize(
    ("start", "opens"),
    [
        ("2026-11-27 18:00", "2026-11-30 08:00"),  # Friday evening -> Monday
        ("2026-11-28 11:00", "2026-11-30 08:00"),  # Saturday
        ("2026-11-24 12:00", "2026-11-24 13:30"),  # lunch
        ("2026-11-24 13:29", "2026-11-24 13:30"),
        ("2026-11-24 07:59", "2026-11-24 08:00"),
        ("2026-11-24 10:00", "2026-11-24 10:00"),  # already open: itself
        ("2026-11-19 18:30", "2026-11-23 08:00"),  # Thu night, Fri 20 holiday, weekend
        ("2026-12-24 18:00", "2026-12-28 08:00"),  # Christmas Friday, weekend
        ("2027-09-17 18:00", "2027-09-21 08:00"),  # Friday, weekend, Gaucho Day Monday
    ],
)
def test_next_business_open_skips_nights_weekends_holidays_and_lunch(start, opens):
    assert CAL.next_business_open(local(start)) == local(opens)


def test_next_business_open_returns_an_aware_utc_instant():
    opens = CAL.next_business_open(local("2026-11-27 18:00"))
    assert opens.utcoffset() == timedelta(0)


def test_next_business_open_crosses_an_extra_holiday():
    policy = Policy.from_mapping({"holidays": {"extra": [{"date": "2026-11-30", "name": "X"}]}})
    cal = BusinessCalendar.from_policy(policy)
    assert cal.next_business_open(local("2026-11-27 18:00")) == local("2026-12-01 08:00")


# --- properties over arbitrary instants -------------------------------------------------

OFFSETS = st.sampled_from(
    [UTC, SP, timezone(timedelta(hours=-5)), timezone(timedelta(hours=5, minutes=30))]
)
INSTANTS = st.datetimes(
    min_value=datetime(2010, 1, 1), max_value=datetime(2035, 12, 31), timezones=OFFSETS
)


# Other calendars a configuration can give: another state, Saturday mornings, closures.
CALENDARS = [
    CAL,
    BusinessCalendar.from_policy(
        Policy.from_mapping(
            {
                "holidays": {
                    "subdivision": "SP",
                    "extra": [
                        {"date": "2026-12-24", "name": "Christmas Eve"},
                        {"date": "2026-12-31", "name": "New Year's Eve"},
                    ],
                },
                "business_hours": {"saturday": ["09:00-12:00"], "friday": ["08:00-17:00"]},
            }
        )
    ),
]


@settings(max_examples=300, deadline=None)
@given(INSTANTS, st.sampled_from(CALENDARS))
def test_property_next_business_open_is_the_first_business_instant_at_or_after(t, cal):
    opens = cal.next_business_open(t)
    assert opens >= t
    assert cal.is_business_time(opens)
    if opens > t:
        # Nothing in between is business time: step minute by minute (at most a few days).
        probe = t
        while probe < opens:
            assert not cal.is_business_time(probe), probe
            probe += timedelta(minutes=1)
        # And `opens` is a full opening: the second just before it is off-hours.
        assert not cal.is_business_time(opens - timedelta(seconds=1))
    else:
        assert cal.is_business_time(t)


@settings(max_examples=300, deadline=None)
@given(INSTANTS)
def test_property_business_time_is_a_weekday_interval_of_a_non_holiday(t):
    moment = t.astimezone(SP)
    clock = moment.strftime("%H:%M")
    expected = (
        moment.weekday() < 5
        and CAL.holiday_name(moment.date()) is None
        and ("08:00" <= clock < "12:00" or "13:30" <= clock < "18:00")
    )
    assert CAL.is_business_time(t) is expected
