"""The one JSON encoder writes what the standard library's indenting encoder would, byte for
byte: scripts that compare or hash our JSON see no difference whichever engine wrote it."""

from __future__ import annotations

import json
from datetime import UTC, date, datetime, timedelta, timezone
from decimal import Decimal

from hypothesis import given, settings
from hypothesis import strategies as st

from focco247.output import jsonout


def _reference(document: object) -> str:
    def default(value: object) -> str:
        if isinstance(value, Decimal):
            return f"{value:.2f}"
        if isinstance(value, datetime | date):
            return value.isoformat()
        raise TypeError(type(value).__name__)

    return json.dumps(document, ensure_ascii=False, indent=2, default=default)


zones = st.sampled_from(
    [UTC, timezone(timedelta(hours=-3)), timezone(timedelta(hours=5, minutes=30))]
)
leaves = st.one_of(
    st.none(),
    st.booleans(),
    st.integers(),  # beyond 64 bits too
    st.text(),  # control characters, quotes, backslashes, lone surrogates, U+2028...
    st.decimals(allow_nan=False, allow_infinity=False, places=2),
    st.dates(),
    st.datetimes(timezones=zones),
)
documents = st.recursive(
    leaves,
    lambda inner: st.one_of(
        st.lists(inner, max_size=4),
        st.dictionaries(st.text() | st.integers(-(2**31), 2**31), inner, max_size=4),
    ),
    max_leaves=30,
)


@settings(deadline=None)  # timings are not what this test is about
@given(documents)
def test_json_is_byte_for_byte_the_standard_librarys_indented_json(document):
    assert jsonout.dumps(document) == _reference(document)


def test_json_of_plain_values_keeps_unicode_and_escapes_controls():
    text = jsonout.dumps({"nome": "São Paulo\x1b", 1: [Decimal("1500"), date(2026, 11, 29)]})
    assert text == (
        '{\n  "nome": "São Paulo\\u001b",\n  "1": [\n    "1500.00",\n    "2026-11-29"\n  ]\n}'
    )
