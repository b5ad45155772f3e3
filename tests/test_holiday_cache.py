"""The holiday-table cache gives the same calendar as the holidays package, and survives
damage by computing the table again."""

from __future__ import annotations

from datetime import date

from focco247.domain.calendar import BusinessCalendar
from focco247.domain.policy import Policy
from focco247.holiday_cache import cached_year_source


def test_r2_cached_holidays_equal_the_package_tables(tmp_path):
    policy = Policy.default()
    cached = BusinessCalendar.from_policy(policy, cached_year_source(policy, tmp_path))
    direct = BusinessCalendar.from_policy(policy)
    for day in (date(2027, 9, 20), date(2026, 12, 25), date(2026, 11, 20), date(2026, 11, 24)):
        assert cached.holiday_name(day) == direct.holiday_name(day)
    assert len(list(tmp_path.glob("holidays-*.json"))) == 2  # 2026 and 2027


def test_r2_second_read_comes_from_the_file(tmp_path, monkeypatch):
    policy = Policy.default()
    BusinessCalendar.from_policy(policy, cached_year_source(policy, tmp_path)).holiday_name(
        date(2027, 9, 20)
    )

    def fail(*args):
        raise AssertionError("computed again instead of read from the cache")

    monkeypatch.setattr("focco247.holiday_cache.holiday_table", fail)
    again = BusinessCalendar.from_policy(policy, cached_year_source(policy, tmp_path))
    assert again.holiday_name(date(2027, 9, 20)) is not None


def test_r2_damaged_cache_file_is_computed_again(tmp_path):
    policy = Policy.default()
    source = cached_year_source(policy, tmp_path)
    source(2027)
    (path,) = tmp_path.glob("holidays-*.json")
    path.write_text("{not json")
    assert date(2027, 9, 20) in source(2027)


def test_r2_cache_is_keyed_by_subdivision(tmp_path):
    rs = Policy.default()
    sp = Policy.from_mapping({"holidays": {"subdivision": "SP"}})
    gaucho_day = date(2027, 9, 20)
    assert gaucho_day in cached_year_source(rs, tmp_path)(2027)
    assert gaucho_day not in cached_year_source(sp, tmp_path)(2027)


def test_r2_cache_is_keyed_by_the_observed_optional_holidays(tmp_path):
    plain = Policy.default()
    carnival = Policy.from_mapping({"holidays": {"observe": ["Carnaval"]}})
    tuesday = date(2027, 2, 9)
    assert tuesday not in cached_year_source(plain, tmp_path)(2027)
    assert cached_year_source(carnival, tmp_path)(2027)[tuesday] == "Carnival"


def test_unwritable_cache_folder_only_costs_time(tmp_path):
    blocker = tmp_path / "file"
    blocker.write_text("")
    table = cached_year_source(Policy.default(), blocker / "cache")(2027)
    assert date(2027, 9, 20) in table
