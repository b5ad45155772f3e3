"""The one JSON encoder: money as two-place decimal strings, dates and instants in ISO 8601."""

from __future__ import annotations

import json
import sys
from collections.abc import Iterable, Mapping
from datetime import date, datetime
from decimal import Decimal
from typing import Protocol


class HasJson(Protocol):
    def to_json(self) -> Mapping[str, object]: ...


def emit_json(document: object) -> None:
    """Exactly one JSON document on stdout."""
    sys.stdout.write(json.dumps(document, ensure_ascii=False, indent=2, default=_json_default))
    sys.stdout.write("\n")


def emit_json_list(key: str, items: Iterable[object]) -> None:
    """One JSON document `{key: [items...]}` on stdout, written item by item as the items
    come (a long list is never held whole), byte for byte what `emit_json` would write."""
    out = sys.stdout
    first = True
    for item in items:
        text = json.dumps(item, ensure_ascii=False, indent=2, default=_json_default)
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
    return json.dumps(result.to_json(), ensure_ascii=False, indent=2) + "\n"
