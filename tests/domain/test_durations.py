"""Durations as the attendant types them (SPEC §3) and time-entry limits (R14)."""

from __future__ import annotations

import pytest
from hypothesis import given
from hypothesis import strategies as st

from focco247.domain.durations import format_minutes, parse_duration, parse_entry_minutes
from focco247.errors import InputError


@pytest.mark.parametrize(
    ("text", "minutes"),
    [
        ("45m", 45),
        ("1h30m", 90),
        ("1h 30m", 90),
        ("2h", 120),
        ("1:30", 90),
        ("0:45", 45),
        ("90m", 90),
        ("90min", 90),
        ("24h", 1440),
        ("1H30M", 90),
        (" 2h ", 120),
        ("1h30", 90),
        ("1h 30", 90),
        ("1h05", 65),
        ("1H30", 90),
        ("1h30min", 90),
        ("1h 30min", 90),
        ("90 min", 90),
        ("24:00", 1440),
        ("23h59", 1439),
    ],
)
def test_duration_accepts_minutes_hours_and_colon_forms(text, minutes):
    assert parse_duration(text) == minutes
    assert parse_entry_minutes(text) == minutes


@pytest.mark.parametrize(
    "text",
    [
        "0m",  # an entry lasts more than zero minutes
        "0:00",
        "0h",
        "25h",  # R14: at most 24 h per entry
        "24h1m",
        "1:75",
        "1h90m",
        "abc",
        "90",  # bare number: minutes or hours? refused
        "",
        "h",
        "m",
        "-30m",
        "1.5h",
        "1:5",
        "\u0663m",  # Arabic-Indic digit
        "1h5",  # one digit after the hours: 1h05 or 1h50?
        "1h60",
        "1h 90",
        "1h30s",
        "1,5h",
        "1:30:00",
        "1 30",
        "30min 1h",
    ],
)
def test_r14_entry_duration_refuses_zero_over_24h_and_unreadable_forms(text):
    with pytest.raises(InputError):
        parse_entry_minutes(text)


@pytest.mark.parametrize(("minutes", "text"), [(45, "45m"), (90, "1h30m"), (120, "2h"),
                                               (0, "0m"), (-60, "-1h"), (-5, "-5m")])  # fmt: skip
def test_format_minutes_writes_them_as_typed(minutes, text):
    assert format_minutes(minutes) == text


@given(st.integers(min_value=1, max_value=24 * 60))
def test_property_formatted_minutes_parse_back(minutes):
    assert parse_entry_minutes(format_minutes(minutes)) == minutes


@pytest.mark.parametrize("text", ["90", "1.5h", "1h5", "1h60", "abc", "", "-1h"])
def test_unreadable_duration_is_one_sentence_listing_the_accepted_forms(text):
    with pytest.raises(InputError) as caught:
        parse_duration(text)
    message = str(caught.value)
    assert "\n" not in message and message.endswith(".")
    assert "1h30" in message and "1:30" in message and "90min" in message


def test_duration_is_bounded_even_before_the_entry_limit():
    assert parse_duration("9999h59m") == 9999 * 60 + 59
    for text in ("10000h", "100000m", "99999:00"):
        with pytest.raises(InputError):
            parse_duration(text)


def test_duration_of_zero_is_a_duration_but_never_a_time_entry():
    assert parse_duration("0m") == 0
    with pytest.raises(InputError, match="more than zero"):
        parse_entry_minutes("0h")
