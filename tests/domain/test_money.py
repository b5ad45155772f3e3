"""Money: exact parsing of the attendant's input and the one rounding function."""

from __future__ import annotations

from decimal import Decimal

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from focco247.domain.money import (
    format_brl,
    from_centavos,
    money_str,
    parse_money,
    round_money,
    to_centavos,
)
from focco247.errors import InputError


@pytest.mark.parametrize(
    ("text", "amount"),
    [
        ("5000", "5000.00"),
        ("5000.00", "5000.00"),
        ("5000.5", "5000.50"),
        ("5.000,00", "5000.00"),
        ("5000,5", "5000.50"),
        ("5000,00", "5000.00"),
        ("1.234.567,89", "1234567.89"),
        ("0", "0.00"),
        ("0,01", "0.01"),
        ("180", "180.00"),
        ("R$ 5.000,00", "5000.00"),
        (" 150,00 ", "150.00"),
    ],
)
def test_money_accepts_plain_and_pt_br_amounts_exactly(text, amount):
    value = parse_money(text)
    assert isinstance(value, Decimal)
    assert value == Decimal(amount)
    assert money_str(value) == amount


@pytest.mark.parametrize(
    "text",
    [
        "-1",
        "-5.000,00",
        "5.000",  # three decimals without a comma: ambiguous, refused
        "1,234",  # three decimals after a comma
        "10.555",
        "1.2.3",
        "1.00,00",  # misplaced thousands dot
        "5000.",
        ".5",
        "abc",
        "",
        "   ",
        "5e3",
        "NaN",
        "Infinity",
        "+5",
        "5 000",
        "\u0661\u0662\u0663",  # Arabic-Indic digits
        "99999999999999999999",
    ],
)
def test_money_refuses_negative_ambiguous_or_more_than_two_decimals(text):
    with pytest.raises(InputError):
        parse_money(text)


def test_money_refusal_is_one_sentence_naming_the_input():
    with pytest.raises(InputError) as caught:
        parse_money("10.555")
    message = str(caught.value)
    assert "10.555" in message and "\n" not in message


@pytest.mark.parametrize(
    ("value", "mode", "rounded"),
    [
        ("0.005", "half-up", "0.01"),
        ("0.005", "half-even", "0.00"),
        ("0.015", "half-up", "0.02"),
        ("0.015", "half-even", "0.02"),
        ("0.025", "half-up", "0.03"),
        ("0.025", "half-even", "0.02"),
        ("1500.004", "half-up", "1500.00"),
        ("1500.0049999", "half-even", "1500.00"),
        ("2.675", "half-up", "2.68"),  # exact Decimal: no float surprise
    ],
)
def test_round_money_half_up_and_half_even_at_the_half_centavo(value, mode, rounded):
    assert round_money(Decimal(value), mode) == Decimal(rounded)


def test_round_money_default_is_half_up():
    assert round_money(Decimal("0.125")) == Decimal("0.13")


def test_round_money_refuses_an_unknown_mode():
    with pytest.raises(InputError):
        round_money(Decimal("1"), "banker")


def test_centavos_round_trip_and_refuse_unrounded_amounts():
    assert to_centavos(Decimal("1500.00")) == 150000
    assert from_centavos(150000) == Decimal("1500.00")
    assert money_str(from_centavos(5)) == "0.05"
    with pytest.raises(ValueError):
        to_centavos(Decimal("0.005"))


@given(st.integers(min_value=0, max_value=10**11))
def test_property_centavos_survive_parse_and_format(cents):
    value = from_centavos(cents)
    assert parse_money(money_str(value)) == value
    assert to_centavos(parse_money(money_str(value))) == cents
    pt_br = money_str(value).replace(".", ",")
    assert parse_money(pt_br) == value


@pytest.mark.parametrize(
    ("text", "amount"),
    [("1.500,5", "1500.50"), ("1500,50", "1500.50"), ("0,5", "0.50"), ("R$1.500,00", "1500.00"),
     ("1000000000", "1000000000.00"), ("1.000.000.000,00", "1000000000.00")],
)  # fmt: skip
def test_money_with_a_comma_is_read_as_pt_br(text, amount):
    assert parse_money(text) == Decimal(amount)


@pytest.mark.parametrize(
    "text", ["5,000.00", "5.000.00", "1,000", "5.000,001", "5000.001", "1.000.000.000,01", "R$ -5"]
)
def test_money_refuses_us_grouping_three_decimals_negatives_and_too_much(text):
    with pytest.raises(InputError):
        parse_money(text)


@pytest.mark.parametrize("text", ["abc", "5000.", "10.555", "-1", "1,234", "5 000"])
def test_money_refusal_lists_the_accepted_forms_in_one_sentence(text):
    with pytest.raises(InputError) as caught:
        parse_money(text)
    message = str(caught.value)
    assert "\n" not in message and message.endswith(".")
    assert "5.000,00" in message and "5000" in message


@settings(max_examples=300, deadline=None)  # the first example loads Babel's locale data
@given(
    st.decimals(
        allow_nan=False, allow_infinity=False, places=2, max_value=10**12, min_value=-(10**12)
    )
    | st.decimals(allow_nan=False, allow_infinity=False, max_value=10**9, min_value=-(10**9))
)
def test_format_brl_writes_what_babel_writes_for_pt_br(value: Decimal) -> None:
    from babel.numbers import format_currency

    assert format_brl(value) == format_currency(value, "BRL", locale="pt_BR")


def test_format_brl_of_a_negative_zero_and_a_whole_number() -> None:
    assert format_brl(Decimal("-0.00")) == "-R$\xa00,00"
    assert format_brl(Decimal("1E+3")) == "R$\xa01.000,00"
    assert format_brl(Decimal("1234567.891")) == "R$\xa01.234.567,89"
