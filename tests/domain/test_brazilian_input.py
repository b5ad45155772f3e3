"""Brazilian input habits (SPEC §3 "Input conventions", §5 "Times of day", R20): instants,
dates and months as people in Caxias do Sul type them, beside ISO."""

from __future__ import annotations

from datetime import UTC, date, datetime, timedelta
from zoneinfo import ZoneInfo

import pytest

from focco247.domain.instants import (
    TypedInstant,
    parse_at,
    parse_date,
    parse_eta,
    parse_instant,
    parse_month,
    read_instant,
)
from focco247.errors import InputError

SP = ZoneInfo("America/Sao_Paulo")


def local_now(*args: int) -> datetime:
    """A `now` given on the São Paulo wall clock, as the aware UTC instant services pass."""
    return datetime(*args, tzinfo=SP).astimezone(UTC)


def sp(*args: int) -> datetime:
    return datetime(*args, tzinfo=SP).astimezone(UTC)


NOW = local_now(2026, 11, 27, 15, 0)  # a Friday afternoon


# --- full instants: ISO and dd/mm/aaaa hh:mm ----------------------------------------------


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        ("2026-11-24 21:30", sp(2026, 11, 24, 21, 30)),
        ("2026-11-24T21:30", sp(2026, 11, 24, 21, 30)),
        ("2026-11-24T21:30:15", sp(2026, 11, 24, 21, 30, 15)),
        ("2026-11-24T21:30-03:00", sp(2026, 11, 24, 21, 30)),
        ("2026-11-24T21:30:00-0300", sp(2026, 11, 24, 21, 30)),
        ("2026-11-25T00:30Z", sp(2026, 11, 24, 21, 30)),
        ("2026-11-25t00:30z", sp(2026, 11, 24, 21, 30)),
        ("24/11/2026 21:30", sp(2026, 11, 24, 21, 30)),
        ("29/11/2026 23:40", sp(2026, 11, 29, 23, 40)),
        ("1/2/2026 9:05", sp(2026, 2, 1, 9, 5)),
        ("  29/11/2026   23:40 ", sp(2026, 11, 29, 23, 40)),
        ("01/12/2026 00:00", sp(2026, 12, 1, 0, 0)),
    ],
)
def test_full_instant_forms_iso_and_dd_mm_aaaa_are_read_in_the_policy_zone(text, expected):
    for now in (None, NOW):
        value = parse_instant(text, SP, now)
        assert value == expected and value.tzinfo == UTC
        assert parse_at(text, SP, NOW) == TypedInstant(expected, None)


def test_dd_mm_is_day_first_never_month_first():
    assert parse_instant("02/03/2026 10:00", SP) == sp(2026, 3, 2, 10, 0)
    with pytest.raises(InputError):
        parse_instant("11/29/2026 10:00", SP)  # an American date: month 29


# --- dd/mm hh:mm: this year in the policy zone --------------------------------------------


@pytest.mark.parametrize(
    ("text", "now", "expected"),
    [
        ("29/11 23:40", NOW, sp(2026, 11, 29, 23, 40)),
        ("24/11 21:30", NOW, sp(2026, 11, 24, 21, 30)),
        ("1/1 00:00", NOW, sp(2026, 1, 1, 0, 0)),
        # 01:30 UTC on 1 January 2027 is still 31 December 2026 in São Paulo: that year.
        ("31/12 22:00", datetime(2027, 1, 1, 1, 30, tzinfo=UTC), sp(2026, 12, 31, 22, 0)),
        ("29/02 10:00", local_now(2028, 3, 1, 8, 0), sp(2028, 2, 29, 10, 0)),
    ],
)
def test_dd_mm_hh_mm_is_this_year_in_the_policy_zone(text, now, expected):
    assert parse_at(text, SP, now) == TypedInstant(expected, None)


@pytest.mark.parametrize(
    ("text", "now"),
    [
        ("29/02 10:00", local_now(2026, 3, 1, 8, 0)),  # not a day of 2026
        ("31/04 10:00", NOW),
        ("00/11 10:00", NOW),
        ("29/13 10:00", NOW),
    ],
)
def test_dd_mm_whose_date_does_not_exist_this_year_is_refused(text, now):
    with pytest.raises(InputError, match="write the year too"):
        parse_at(text, SP, now)


# --- a bare hh:mm (SPEC §5 "Times of day") --------------------------------------------------


@pytest.mark.parametrize(
    ("text", "now", "expected", "rolled"),
    [
        ("14:00", NOW, sp(2026, 11, 27, 14, 0), None),
        ("15:00", NOW, sp(2026, 11, 27, 15, 0), None),  # now itself is not in the future
        ("00:00", NOW, sp(2026, 11, 27, 0, 0), None),
        ("9:05", NOW, sp(2026, 11, 27, 9, 5), None),
        ("15:01", NOW, sp(2026, 11, 26, 15, 1), "yesterday"),
        ("23:40", NOW, sp(2026, 11, 26, 23, 40), "yesterday"),
        # just after midnight: last night's 23:40 is yesterday's, across the month's end
        ("23:40", local_now(2026, 12, 1, 0, 5), sp(2026, 11, 30, 23, 40), "yesterday"),
        ("00:05", local_now(2026, 12, 1, 0, 5), sp(2026, 12, 1, 0, 5), None),
        ("23:50", local_now(2027, 1, 1, 0, 10), sp(2026, 12, 31, 23, 50), "yesterday"),
        ("23:00", local_now(2028, 3, 1, 0, 30), sp(2028, 2, 29, 23, 0), "yesterday"),
    ],
)
def test_bare_time_for_at_is_the_latest_past_occurrence(text, now, expected, rolled):
    typed = parse_at(text, SP, now)
    assert typed == TypedInstant(expected, rolled)
    assert typed.at <= now
    assert parse_instant(text, SP, now) == expected  # the --at reading by default


@pytest.mark.parametrize(
    ("text", "now", "expected", "rolled"),
    [
        ("16:00", NOW, sp(2026, 11, 27, 16, 0), None),
        ("23:59", NOW, sp(2026, 11, 27, 23, 59), None),
        ("15:00", NOW, sp(2026, 11, 28, 15, 0), "tomorrow"),  # now itself is not ahead
        ("02:00", NOW, sp(2026, 11, 28, 2, 0), "tomorrow"),
        ("00:00", local_now(2026, 12, 31, 23, 0), sp(2027, 1, 1, 0, 0), "tomorrow"),
    ],
)
def test_bare_time_for_eta_is_the_next_occurrence(text, now, expected, rolled):
    typed = parse_eta(text, SP, now)
    assert typed == TypedInstant(expected, rolled)
    assert typed.at > now
    assert read_instant(text, SP, now, bare_time="next") == typed


@pytest.mark.parametrize("text", ["21:30", "29/11 23:40"])
def test_forms_that_need_today_are_refused_when_no_now_is_given(text):
    with pytest.raises(InputError, match="needs its date"):
        parse_instant(text, SP)


# --- boundaries: hours, calendar days ------------------------------------------------------


@pytest.mark.parametrize(
    "text",
    [
        "24:00",
        "23:60",
        "2026-11-24 24:00",
        "29/11/2026 24:00",
        "29/11 24:00",
        "31/04/2026 10:00",
        "29/02/2027 10:00",
        "30/02/2028 10:00",
        "2026-02-30 10:00",
    ],
)
def test_hour_24_and_days_off_the_calendar_are_refused(text):
    with pytest.raises(InputError):
        parse_at(text, SP, NOW)


def test_29_february_exists_only_in_leap_years():
    assert parse_at("29/02/2028 12:00", SP, NOW).at == sp(2028, 2, 29, 12, 0)
    assert parse_date("29/02/2028") == date(2028, 2, 29)
    assert parse_date("29/02/2000") == date(2000, 2, 29)
    for text in ("29/02/2027", "29/02/2100", "2100-02-29"):
        with pytest.raises(InputError, match="does not exist on the calendar"):
            parse_date(text)


# --- R20: summer-time gap refused, repeated hour takes the earlier one -----------------------


@pytest.mark.parametrize(
    ("text", "now"),
    [
        ("2018-11-04 00:30", None),
        ("04/11/2018 00:30", None),
        ("2018-11-04T00:59", None),
        ("04/11 00:30", local_now(2018, 11, 4, 10, 0)),
        ("00:30", local_now(2018, 11, 4, 10, 0)),
    ],
)
def test_r20_a_time_the_clocks_skip_is_refused(text, now):
    with pytest.raises(InputError, match="does not exist in America/Sao_Paulo"):
        parse_instant(text, SP, now)


def test_r20_a_skipped_time_with_an_offset_is_an_ordinary_instant():
    assert parse_instant("2018-11-04T00:30-03:00", SP) == datetime(2018, 11, 4, 3, 30, tzinfo=UTC)
    assert parse_instant("2018-11-04 01:00", SP) == datetime(2018, 11, 4, 3, 0, tzinfo=UTC)


@pytest.mark.parametrize("text", ["2019-02-16 23:30", "16/02/2019 23:30"])
def test_r20_in_a_repeated_hour_the_earlier_occurrence_is_taken(text):
    # 16 Feb 2019: clocks went back from 00:00 (-02:00) to 23:00 (-03:00).
    assert parse_instant(text, SP) == datetime(2019, 2, 17, 1, 30, tzinfo=UTC)


def test_r20_in_a_repeated_hour_an_offset_picks_the_later_occurrence():
    later = parse_instant("2019-02-16T23:30-03:00", SP)
    assert later == datetime(2019, 2, 17, 2, 30, tzinfo=UTC)


# --- malformed or ambiguous: one sentence listing the accepted forms ------------------------


@pytest.mark.parametrize(
    "text",
    [
        "29/11/26 23:40",  # a two-digit year
        "2026/11/29 10:00",
        "29-11-2026 10:00",
        "29.11.2026 10:00",
        "23h40",
        "2340",
        "29/11",
        "tomorrow",
        "2026-11-24T21",
        "20261124T2130",
        "2026-11-24 21:30 -03:00",
        "2026-11-24 \u0662\u0661:30",
        "",
    ],
)
def test_malformed_instants_are_refused_with_the_accepted_forms_listed(text):
    with pytest.raises(InputError) as caught:
        parse_at(text, SP, NOW)
    message = str(caught.value)
    assert "\n" not in message and message.endswith(".")
    assert "2026-11-24 21:30" in message and "24/11/2026 21:30" in message


@pytest.mark.parametrize("text", ["2026-11-24", "24/11/2026"])
def test_a_date_without_a_time_of_day_is_not_an_instant(text):
    with pytest.raises(InputError, match="has no time of day"):
        parse_at(text, SP, NOW)


# --- ETA: time of day, delay or instant, always ahead (R11) -------------------------------


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        ("2h", NOW + timedelta(hours=2)),
        ("45m", NOW + timedelta(minutes=45)),
        ("1h30", NOW + timedelta(minutes=90)),
        ("90min", NOW + timedelta(minutes=90)),
        ("1:30", sp(2026, 11, 28, 1, 30)),  # a time of day before a delay, as always
        ("2026-11-28 05:00", sp(2026, 11, 28, 5, 0)),
        ("28/11/2026 05:00", sp(2026, 11, 28, 5, 0)),
        ("28/11 05:00", sp(2026, 11, 28, 5, 0)),
    ],
)
def test_eta_is_a_time_of_day_a_delay_or_an_instant(text, expected):
    assert parse_eta(text, SP, NOW).at == expected


@pytest.mark.parametrize("text", ["2026-11-27 14:00", "27/11 15:00", "0m"])
def test_eta_not_after_now_is_refused(text):
    with pytest.raises(InputError, match="not in the future"):
        parse_eta(text, SP, NOW)


@pytest.mark.parametrize("text", ["soon", "25:00", "90", "31/04 10:00"])
def test_eta_unreadable_is_refused_naming_its_forms(text):
    with pytest.raises(InputError) as caught:
        parse_eta(text, SP, NOW)
    message = str(caught.value)
    assert f"ETA {text!r}" in message and "time of day" in message and "delay" in message


# --- dates and months ---------------------------------------------------------------------


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        ("2026-11-29", date(2026, 11, 29)),
        ("29/11/2026", date(2026, 11, 29)),
        ("01/02/2026", date(2026, 2, 1)),
        ("1/2/2026", date(2026, 2, 1)),
        (" 31/12/2026 ", date(2026, 12, 31)),
    ],
)
def test_date_accepts_iso_and_dd_mm_aaaa(text, expected):
    assert parse_date(text) == expected


@pytest.mark.parametrize(
    "text",
    ["31/04/2026", "00/01/2026", "32/01/2026", "29/02/2027", "12/13/2026", "11/29/2026"],
)
def test_date_dd_mm_aaaa_not_on_the_calendar_is_refused(text):
    with pytest.raises(InputError, match="2026-11-29 or 29/11/2026"):
        parse_date(text)


@pytest.mark.parametrize(
    "text", ["29/11/26", "29/11", "2026/11/29", "29-11-2026", "29.11.2026", "29/11/2026 10:00"]
)
def test_date_in_another_form_is_refused_with_the_accepted_forms(text):
    with pytest.raises(InputError, match="write it as 2026-11-29 or 29/11/2026"):
        parse_date(text)


@pytest.mark.parametrize(
    ("text", "expected"),
    [("2026-11", (2026, 11)), ("11/2026", (2026, 11)), ("1/2027", (2027, 1)),
     ("01/2027", (2027, 1)), ("12/1900", (1900, 12))],
)  # fmt: skip
def test_month_accepts_iso_and_mm_aaaa(text, expected):
    assert parse_month(text) == expected


@pytest.mark.parametrize(
    "text",
    ["13/2026", "00/2026", "11/26", "2026/11", "11-2026", "2026-1", "29/11/2026", "112026"],
)
def test_month_in_another_form_is_refused_with_the_accepted_forms(text):
    with pytest.raises(InputError, match="write it as 2026-11 or 11/2026"):
        parse_month(text)


@pytest.mark.parametrize("text", ["12/1899", "1899-12", "01/3000"])
def test_month_out_of_range_is_refused(text):
    with pytest.raises(InputError, match="out of range"):
        parse_month(text)
