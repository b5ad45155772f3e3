"""How the attendant reads overdue delays and a product's weekly hours."""

from __future__ import annotations

from datetime import time

import pytest

from focco247.output.calls import overdue_text
from focco247.output.clients import hours_json, hours_text


@pytest.mark.parametrize(
    ("minutes", "text"),
    [
        (1, "1m"),
        (90, "1h30m"),
        (24 * 60 - 1, "23h59m"),
        (24 * 60, "1d"),
        (24 * 60 + 59, "1d"),
        (25 * 60, "1d 1h"),
        (498 * 60 + 20, "20d 18h"),
    ],
)
def test_overdue_beyond_a_day_reads_in_days_and_hours(minutes, text):
    assert overdue_text(minutes) == text


def test_weekly_hours_join_consecutive_days_with_the_same_hours():
    week = {d: ((time(8), time(12)), (time(13, 30), time(18))) for d in range(5)}
    week[5] = ((time(9), time(13)),)
    assert hours_text(week) == "Mon-Fri 08:00-12:00, 13:30-18:00; Sat 09:00-13:00"
    assert hours_text({0: ((time(8), time(9)),), 2: ((time(8), time(9)),)}) == (
        "Mon 08:00-09:00; Wed 08:00-09:00"
    )
    assert hours_text({}) == "closed every day"


def test_weekly_hours_in_json_have_the_policy_shape():
    doc = hours_json({5: ((time(9), time(13)),)})
    assert doc is not None
    assert list(doc) == [
        "monday", "tuesday", "wednesday", "thursday", "friday", "saturday", "sunday"
    ]  # fmt: skip
    assert doc["saturday"] == ["09:00-13:00"] and doc["monday"] == []
    assert hours_json(None) is None
