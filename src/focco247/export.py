"""Files handed to other systems: spreadsheet-safe CSV and atomic, idempotent writes."""

from __future__ import annotations

import csv
import io
from collections.abc import Iterable, Sequence
from decimal import Decimal
from pathlib import Path
from typing import Any

from focco247 import atomic
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


def number_cell(value: Decimal | int | None, decimal: str) -> str:
    """Numbers stay plain numbers (negatives included) in the dialect's decimal mark."""
    if value is None:
        return ""
    text = f"{value:.2f}" if isinstance(value, Decimal) else str(value)
    return text.replace(".", decimal)


def to_csv(
    header: Sequence[str],
    rows: Iterable[Sequence[Any]],
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


def write_output(
    target: Path, default_name: str, content: str, force: bool = False
) -> tuple[Path, bool]:
    """Write `content` to a file (or a file named `default_name` inside an existing folder)
    through a temporary file and a rename, mode 0600.

    Same content already there: nothing is written (idempotent, for cron). Different content:
    refused unless `force`. Returns the path and whether it was written.
    """
    path = target / default_name if target.is_dir() else target
    data = content.encode("utf-8")
    if path.exists():
        if path.is_dir():
            raise InputError(f"{path} is a folder.")
        if path.read_bytes() == data:
            return path, False
        if not force:
            raise InputError(
                f"{path} already exists with different content; use --force to replace it."
            )
    if not path.parent.is_dir():
        raise InputError(f"The folder {path.parent} does not exist.")
    atomic.write_bytes(path, data)
    return path, True
