"""The one JSON encoder: money as two-place decimal strings, dates and instants in ISO 8601."""

from __future__ import annotations

import json
import sys
from collections.abc import Iterable, Mapping
from datetime import date, datetime
from decimal import Decimal
from typing import Protocol

import orjson

_ORJSON = orjson.OPT_INDENT_2 | orjson.OPT_NON_STR_KEYS


class HasJson(Protocol):
    def to_json(self) -> Mapping[str, object]: ...


def dumps(document: object) -> str:
    """The document as JSON text: indented by two, UTF-8 as is, Decimal and dates as strings.

    orjson writes it (a year's report is megabytes: ten times faster than the standard
    library's indenting encoder) byte for byte as `json.dumps(..., ensure_ascii=False,
    indent=2)` would (tests/output/test_json_encoder.py); what orjson refuses (an integer
    beyond 64 bits, a lone surrogate) goes to the standard library instead."""
    data = _orjson(document)
    return data.decode() if data is not None else _standard(document)


def _orjson(document: object) -> bytes | None:
    """orjson's UTF-8 bytes of the document, or None where it refuses it."""
    try:
        return orjson.dumps(document, default=_json_default, option=_ORJSON)
    except orjson.JSONEncodeError:
        return None


def _standard(document: object) -> str:
    return json.dumps(document, ensure_ascii=False, indent=2, default=_json_default)


def emit_json(document: object) -> None:
    """Exactly one JSON document on stdout. A UTF-8 stream gets the encoder's bytes as they
    are: a year's report is not copied into a second, decoded text of the same size."""
    out = sys.stdout
    data = _orjson(document)
    if data is None:
        out.write(_standard(document) + "\n")
        return
    buffer = getattr(out, "buffer", None)
    if buffer is None or (out.encoding or "").replace("-", "").lower() != "utf8":
        out.write(data.decode() + "\n")
        return
    out.flush()
    buffer.write(data)
    buffer.write(b"\n")
    buffer.flush()


def emit_json_list(key: str, items: Iterable[object]) -> None:
    """One JSON document `{key: [items...]}` on stdout, written item by item as the items
    come (a long list is never held whole), byte for byte what `emit_json` would write."""
    out = sys.stdout
    first = True
    for item in items:
        text = dumps(item)
        out.write(("{\n  " + json.dumps(key) + ": [\n    ") if first else ",\n    ")
        out.write(text.replace("\n", "\n    "))
        first = False
    out.write("{\n  " + json.dumps(key) + ": []\n}\n" if first else "\n  ]\n}\n")


def _json_default(value: object) -> str:
    if isinstance(value, Decimal):
        return f"{value:.2f}"
    if isinstance(value, datetime | date):
        return value.isoformat()
    raise TypeError(f"not JSON serialisable: {type(value).__name__}")


def json_text(result: HasJson) -> str:
    return dumps(result.to_json()) + "\n"
