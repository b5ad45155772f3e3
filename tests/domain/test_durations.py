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
