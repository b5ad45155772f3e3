"""Spreadsheet-safe CSV: RFC 4180 or the Brazilian dialect, formulas neutralised."""

from __future__ import annotations

import csv
import io
from collections.abc import Iterable, Sequence
from decimal import Decimal

from focco247.errors import InputError

# Cells a spreadsheet would read as a formula (CSV injection) start with one of these.
_FORMULA_START = ("=", "+", "-", "@", "\t", "\r")

DIALECTS = {
    "rfc": {"delimiter": ",", "decimal": "."},
    "br": {"delimiter": ";", "decimal": ","},
}


def safe_text(value: str) -> str:
    """Neutralise a text cell that a spreadsheet would execute as a formula."""
    return "'" + value if value.startswith(_FORMULA_START) else value


def number_cell(value: Decimal | int | str | None, decimal: str) -> str:
    """Numbers stay plain numbers (negatives included) in the dialect's decimal mark."""
    if value is None:
        return ""
    text = f"{value:.2f}" if isinstance(value, Decimal) else str(value)
    return text.replace(".", decimal)


def to_csv(
    header: Sequence[str],
    rows: Iterable[Sequence[str | int | Decimal | None]],
    numeric: set[str],
    dialect: str = "rfc",
) -> str:
    """RFC 4180 CSV (CRLF line ends), UTF-8; `br` uses ';' and a decimal comma."""
    try:
        style = DIALECTS[dialect]
    except KeyError:
        raise InputError(f"Unknown CSV dialect {dialect!r}; use rfc or br.") from None
    buffer = io.StringIO()
    writer = csv.writer(buffer, delimiter=style["delimiter"], lineterminator="\r\n")
    writer.writerow(header)
    for row in rows:
        cells = []
        for name, value in zip(header, row, strict=True):
            if name in numeric:
                cells.append(number_cell(value, style["decimal"]))
            else:
                cells.append(safe_text("" if value is None else str(value)))
        writer.writerow(cells)
    return buffer.getvalue()
