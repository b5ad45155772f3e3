"""Spreadsheet-safe CSV: RFC 4180 or the Brazilian dialect, formulas neutralised."""

from __future__ import annotations

import csv
import io
from collections.abc import Iterable, Sequence
from decimal import Decimal

from focco247.errors import InputError
from focco247.i18n import _

# Cells a spreadsheet would read as a formula (CSV injection) start with one of these.
_FORMULA_START = ("=", "+", "-", "@", "\t", "\r")

DIALECTS = {
    "rfc": {"delimiter": ",", "decimal": ".", "bom": ""},
    # What Excel in pt-BR opens as columns and numbers: a BOM says UTF-8.
    "br": {"delimiter": ";", "decimal": ",", "bom": "\ufeff"},
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
    """RFC 4180 CSV (CRLF line ends), UTF-8; `br` starts with a BOM and uses ';' and a
    decimal comma."""
    try:
        style = DIALECTS[dialect]
    except KeyError:
        raise InputError(
            _("Unknown CSV dialect {name!r}; use rfc or br.").format(name=dialect)
        ) from None
    buffer = io.StringIO()
    buffer.write(style["bom"])
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
