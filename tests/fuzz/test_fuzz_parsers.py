"""Bad-input fuzzing: arbitrary text into every parser gives a value or one clear error
(InputError / ConfigError), never another exception."""

from __future__ import annotations

from datetime import UTC, date, datetime, timedelta
from decimal import Decimal
from zoneinfo import ZoneInfo

import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from focco247.config import parse_value, read_overrides
from focco247.domain.durations import parse_duration, parse_entry_minutes
from focco247.domain.instants import (
    TypedInstant,
    parse_at,
    parse_date,
    parse_eta,
    parse_instant,
    parse_month,
)
from focco247.domain.money import parse_money
from focco247.domain.policy import DEFAULTS, Policy
from focco247.errors import ConfigError, Focco247Error, InputError
from focco247.services.contracts import normalise_code

TZ = ZoneInfo("America/Sao_Paulo")
FUZZ = settings(max_examples=300, deadline=None, suppress_health_check=[HealthCheck.too_slow])
# Every parser of typed input gets at least 500 examples.
PARSERS = settings(max_examples=500, deadline=None, suppress_health_check=[HealthCheck.too_slow])

# Anything at all, plus text close to the formats (digits, separators, units, offsets), so
# the parsers' deeper branches are reached too.
near = st.text(alphabet="0123456789.,:-+ hmniHMTZR$/\t\n\u00a0\u0661\uff11", max_size=24)
anything = st.one_of(st.text(max_size=40), near)


def _n(low: int, high: int) -> st.SearchStrategy[str]:
    """A number as people type it: sometimes zero-padded, sometimes not."""
    return st.integers(low, high).flatmap(lambda n: st.sampled_from([str(n), f"{n:02d}"]))


# Brazilian and ISO forms with numbers around every boundary (day 0-32, month 0-13, hour
# 0-25, minute 0-61, years about summer-time changes and the accepted range).
years = st.sampled_from(["1899", "1900", "2018", "2019", "2026", "2027", "2028", "2100", "2999",
                         "3000"])  # fmt: skip
clock = st.builds("{}:{}".format, _n(0, 25), _n(0, 61))
br_forms = st.one_of(
    clock,
    st.builds("{}/{} {}".format, _n(0, 32), _n(0, 13), clock),
    st.builds("{}/{}/{} {}".format, _n(0, 32), _n(0, 13), years, clock),
    st.builds("{}-{:0>2}-{:0>2} {}".format, years, _n(0, 13), _n(0, 32), clock),
    st.builds("{}/{}/{}".format, _n(0, 32), _n(0, 13), years),
    st.builds("{}/{}".format, _n(0, 13), years),
)
durations = st.builds(
    "{}{}{}{}".format,
    st.sampled_from(["", "0", "1", "2", "24", "25", "9999", "10000"]),
    st.sampled_from(["", "h", "H", ":", "h ", " "]),
    st.sampled_from(["", "5", "05", "30", "59", "60", "90", "99999"]),
    st.sampled_from(["", "m", "min", "M", " m", "s"]),
)
ZONES = [ZoneInfo(name) for name in ("America/Sao_Paulo", "UTC", "America/New_York",
                                     "Australia/Lord_Howe", "Pacific/Chatham")]  # fmt: skip
# `now` as services pass it: aware UTC, often near the São Paulo summer-time changes.
nows = st.one_of(
    st.datetimes(
        min_value=datetime(1950, 1, 1), max_value=datetime(2200, 1, 1), timezones=st.just(UTC)
    ),
    st.integers(-48 * 60, 48 * 60).map(
        lambda m: datetime(2018, 11, 4, 3, tzinfo=UTC) + timedelta(minutes=m)
    ),
    st.integers(-48 * 60, 48 * 60).map(
        lambda m: datetime(2019, 2, 17, 2, tzinfo=UTC) + timedelta(minutes=m)
    ),
)


def refused_cleanly(parse, text, error=InputError):
    """Run a parser: a value, or the tool's own error with a one-line message."""
    try:
        return parse(text)
    except error as exc:
        message = str(exc)
        assert message and "\n" not in message.strip(), repr(message)
        return None


@PARSERS
@given(anything)
def test_fuzz_parse_money_gives_an_exact_amount_or_an_input_error(text):
    value = refused_cleanly(parse_money, text)
    if value is not None:
        assert isinstance(value, Decimal)
        assert value >= 0 and value == value.quantize(Decimal("0.01"))


@PARSERS
@given(st.one_of(anything, durations))
def test_fuzz_parse_duration_gives_whole_minutes_or_an_input_error(text):
    value = refused_cleanly(parse_duration, text)
    if value is not None:
        assert isinstance(value, int) and value >= 0


@PARSERS
@given(st.one_of(anything, durations))
def test_fuzz_parse_entry_minutes_gives_1_to_1440_or_an_input_error(text):
    value = refused_cleanly(parse_entry_minutes, text)
    if value is not None:
        assert 1 <= value <= 24 * 60


@PARSERS
@given(st.one_of(anything, br_forms, st.text(alphabet="0123456789-:T +Z.", max_size=32)))
def test_fuzz_parse_instant_gives_an_aware_utc_instant_or_an_input_error(text):
    value = refused_cleanly(lambda t: parse_instant(t, TZ), text)
    if value is not None:
        assert value.tzinfo is UTC


@PARSERS
@given(st.one_of(anything, br_forms, st.text(alphabet="0123456789-/", max_size=12)))
def test_fuzz_parse_date_gives_a_real_date_or_an_input_error(text):
    value = refused_cleanly(parse_date, text)
    if value is not None:
        assert isinstance(value, date)


@PARSERS
@given(st.one_of(anything, br_forms, st.text(alphabet="0123456789-/", max_size=9)))
def test_fuzz_parse_month_gives_year_and_month_or_an_input_error(text):
    value = refused_cleanly(parse_month, text)
    if value is not None:
        year, month = value
        assert 1 <= month <= 12 and year >= 1900


@PARSERS
@given(st.one_of(anything, br_forms), st.sampled_from(ZONES), nows)
def test_fuzz_parse_at_gives_an_instant_not_after_now_for_a_bare_time_or_an_input_error(
    text, tz, now
):
    value = refused_cleanly(lambda t: parse_at(t, tz, now), text)
    if value is not None:
        assert isinstance(value, TypedInstant) and value.at.tzinfo is UTC
        assert value.rolled_to in (None, "yesterday")
        if value.rolled_to == "yesterday":
            assert value.at <= now


@PARSERS
@given(st.one_of(anything, br_forms, durations), st.sampled_from(ZONES), nows)
def test_fuzz_parse_eta_gives_an_instant_after_now_or_an_input_error(text, tz, now):
    value = refused_cleanly(lambda t: parse_eta(t, tz, now), text)
    if value is not None:
        assert value.at.tzinfo is UTC and value.at > now
        assert value.rolled_to in (None, "tomorrow")


@PARSERS
@given(st.one_of(anything, br_forms), st.sampled_from(ZONES), nows)
def test_fuzz_parse_instant_with_now_gives_an_aware_utc_instant_or_an_input_error(text, tz, now):
    value = refused_cleanly(lambda t: parse_instant(t, tz, now), text)
    if value is not None:
        assert value.tzinfo is UTC


@FUZZ
@given(st.one_of(anything, st.text(alphabet="ACMEacme0123_-. ", max_size=44)))
def test_fuzz_client_code_is_normalised_or_refused_with_an_input_error(text):
    value = refused_cleanly(normalise_code, text)
    if value is not None:
        assert value == value.strip().upper() and 1 <= len(value) <= 40


def _settable_keys(table: dict, prefix: str = "") -> list[str]:
    keys = []
    for name, value in table.items():
        if isinstance(value, dict):
            keys.extend(_settable_keys(value, f"{prefix}{name}."))
        else:
            keys.append(prefix + name)
    return keys


SETTABLE = _settable_keys(DEFAULTS)


def _nest(key: str, value) -> dict:
    head, _, rest = key.partition(".")
    return {head: _nest(rest, value) if rest else value}


@FUZZ
@given(
    st.sampled_from(SETTABLE),
    st.one_of(anything, st.text(alphabet='[]"0123456789:-, truefalsyh', max_size=30)),
)
def test_fuzz_config_values_are_accepted_or_refused_with_a_config_error(key, text):
    """`config set KEY TEXT`: the parsed value validated as the whole policy would be."""
    try:
        Policy.from_mapping(_nest(key, parse_value(key, text)))
    except ConfigError as exc:
        assert str(exc) and "\n" not in str(exc).strip()


toml_values = st.recursive(
    st.one_of(
        st.none(), st.booleans(), st.integers(), st.floats(allow_nan=True), st.text(max_size=12)
    ),
    lambda inner: st.one_of(
        st.lists(inner, max_size=3), st.dictionaries(st.text(max_size=8), inner, max_size=3)
    ),
    max_leaves=8,
)


@FUZZ
@given(
    st.dictionaries(
        st.one_of(st.sampled_from(sorted(DEFAULTS)), st.text(max_size=10)),
        toml_values,
        max_size=4,
    )
)
def test_fuzz_policy_from_any_mapping_is_built_or_refused_with_a_config_error(mapping):
    try:
        policy = Policy.from_mapping(mapping)
    except ConfigError as exc:
        assert str(exc) and "\n" not in str(exc).strip()
    else:
        assert policy.timezone is not None


@settings(
    max_examples=150, deadline=None, suppress_health_check=[HealthCheck.function_scoped_fixture]
)
@given(st.one_of(st.text(max_size=200), st.binary(max_size=200).map(lambda b: b.decode("latin-1"))))
def test_fuzz_configuration_file_is_read_or_refused_with_a_config_error(tmp_path, text):
    path = tmp_path / "config.toml"
    path.write_bytes(text.encode("utf-8", "surrogatepass"))
    try:
        Policy.from_mapping(read_overrides(path))
    except ConfigError as exc:
        assert str(exc).strip()


@pytest.mark.parametrize(
    "parse",
    [
        parse_money,
        parse_duration,
        parse_entry_minutes,
        parse_date,
        parse_month,
        normalise_code,
        lambda t: parse_instant(t, TZ),
        lambda t: parse_at(t, TZ, datetime(2026, 11, 27, 18, tzinfo=UTC)),
        lambda t: parse_eta(t, TZ, datetime(2026, 11, 27, 18, tzinfo=UTC)),
    ],
)
def test_fuzz_every_parser_refuses_an_empty_string_with_its_own_error(parse):
    with pytest.raises(Focco247Error):
        parse("")
