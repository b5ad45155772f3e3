"""A file cache of the yearly holiday tables.

The `holidays` package loads every country's module to answer for one (a third of a short
command's run time). A year's table for a given package version, country, subdivision,
categories and language never changes, so it is kept as a small JSON file and read back
next time.
"""

from __future__ import annotations

import hashlib
import json
import os
from datetime import date
from pathlib import Path
from typing import Any

from focco247 import atomic, i18n
from focco247.domain.calendar import YearTable, holiday_table
from focco247.domain.policy import Policy


def cached_year_source(policy: Policy, folder: Path) -> YearTable:
    """A year source for BusinessCalendar that reads and fills the cache in `folder`."""
    country, subdivision = policy.holiday_country, policy.holiday_subdivision
    categories = tuple(sorted(policy.holiday_categories))
    observe = tuple(sorted(policy.holiday_observe))

    def load(year: int, language: str = i18n.ENGLISH) -> dict[date, str]:
        # Names differ per language, so each language has its own file.
        key = json.dumps(
            [_package_stamp(), country, subdivision, categories, year, observe, language]
        )
        path = folder / f"holidays-{hashlib.sha256(key.encode()).hexdigest()[:24]}.json"
        try:
            stored = json.loads(path.read_text("utf-8"))
            if stored.get("key") == key:
                return {date.fromisoformat(day): name for day, name in stored["days"].items()}
        except (OSError, ValueError, KeyError, TypeError, AttributeError):
            pass  # missing or unreadable: computed again below
        table = holiday_table(country, subdivision, categories, year, observe, language)
        _save(path, {"key": key, "days": {d.isoformat(): n for d, n in table.items()}})
        return table

    return load


def _package_stamp() -> str:
    """Which installed `holidays` made a table, without importing it (that is the cost saved):
    its location and modification time change whenever it is upgraded or reinstalled."""
    import importlib.util

    spec = importlib.util.find_spec("holidays")
    origin = spec.origin if spec and spec.origin else "holidays"
    try:
        return f"{origin}:{os.stat(origin).st_mtime_ns}"
    except OSError:
        return origin


def _save(path: Path, document: dict[str, Any]) -> None:
    """Best effort: a cache that cannot be written only costs time."""
    try:
        atomic.ensure_folder(path.parent)
        atomic.write_bytes(path, json.dumps(document, ensure_ascii=False).encode("utf-8"))
    except OSError:
        pass
