"""Money: exact Decimal amounts, parsed from the attendant's input and rounded in one place."""

from __future__ import annotations

import re
from decimal import ROUND_HALF_EVEN, ROUND_HALF_UP, Decimal, InvalidOperation

from focco247.errors import InputError
from focco247.i18n import _

CENT = Decimal("0.01")
ROUNDING_MODES = {"half-up": ROUND_HALF_UP, "half-even": ROUND_HALF_EVEN}

# pt-BR: thousands with dots, decimals with a comma ("5.000,00", "5000,5").
# ASCII digits only: `\d` would also accept other scripts' digits.
_PT_BR = re.compile(r"^[0-9]{1,3}(\.[0-9]{3})*(,[0-9]{1,2})?$|^[0-9]+(,[0-9]{1,2})?$")
# Plain: no thousands separator, dot for decimals ("5000", "5000.00").
_PLAIN = re.compile(r"^[0-9]+(\.[0-9]{1,2})?$")
# Far above any real contract, and still inside a 64-bit count of centavos.
MAX_AMOUNT = Decimal("1000000000.00")


def _forms() -> str:
    return _("5000, 5000.00 or 5.000,00 (at most two decimals)")


def parse_money(text: str) -> Decimal:
    """Read an amount: `5000`, `5000.00` or pt-BR `5.000,00` (a comma means pt-BR).

    Never negative, never more than two decimals.
    """
    raw = text.strip()
    cleaned = raw.removeprefix("R$").strip()
    if cleaned.startswith("-"):
        raise InputError(
            _("Amount {text!r} is negative; write zero or more, as in {forms}.").format(
                text=raw, forms=_forms()
            )
        )
    if "," in cleaned:
        if not _PT_BR.match(cleaned):
            raise InputError(
                _(
                    "Amount {text!r} is not a valid pt-BR amount; write it as 5.000,00 "
                    "(at most two decimals after the comma), 5000 or 5000.00."
                ).format(text=raw)
            )
        value = Decimal(cleaned.replace(".", "").replace(",", "."))
    else:
        if not _PLAIN.match(cleaned):
            raise InputError(
                _("Amount {text!r} is not valid; write it as {forms}.").format(
                    text=raw, forms=_forms()
                )
            )
        value = Decimal(cleaned)
    if value > MAX_AMOUNT:
        raise InputError(
            _("Amount {text!r} is too large; the most accepted is 1.000.000.000,00.").format(
                text=raw
            )
        )
    return value.quantize(CENT)


def round_money(value: Decimal, mode: str = "half-up") -> Decimal:
    """Round an amount to the centavo: the one place money is rounded (SPEC money_rounding)."""
    try:
        rounding = ROUNDING_MODES[mode]
    except KeyError:
        raise InputError(
            _("Unknown money rounding {mode!r}; use one of: {modes}.").format(
                mode=mode, modes=", ".join(ROUNDING_MODES)
            )
        ) from None
    return value.quantize(CENT, rounding=rounding)


def to_centavos(value: Decimal) -> int:
    """An already-rounded amount as integer centavos, for the store."""
    cents = value * 100
    if cents != cents.to_integral_value():
        raise ValueError(f"{value} is not rounded to the centavo")
    return int(cents)


def from_centavos(cents: int) -> Decimal:
    return (Decimal(cents) / 100).quantize(CENT)


def money_str(value: Decimal) -> str:
    """The JSON form: a decimal string with two places ("1500.00")."""
    return f"{value.quantize(CENT):f}"


def format_brl(value: Decimal) -> str:
    """pt-BR money for people: R$ 1.500,00 (as babel writes it, a no-break space after R$)."""
    # An amount exact to the centavo, written here: babel takes a tenth of a millisecond an
    # amount, and an invoice run shows thousands. Anything else (more places, huge) is babel's.
    try:
        cents = value.quantize(CENT)
    except (InvalidOperation, AttributeError):
        cents = None
    if cents is not None and cents == value:
        whole, places = f"{abs(cents):f}".split(".")
        sign = "-" if cents.is_signed() else ""
        return f"{sign}R$\xa0{int(whole):,}".replace(",", ".") + f",{places}"
    from babel.numbers import format_currency

    return format_currency(value, "BRL", locale="pt_BR")
