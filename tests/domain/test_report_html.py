"""The HTML report: well-formed, script-free, and every text from the store escaped."""

from __future__ import annotations

import xml.etree.ElementTree as ET
from datetime import UTC, datetime
from types import SimpleNamespace
from zoneinfo import ZoneInfo

import pytest

from focco247.domain import report as rpt
from focco247.output.report_html import render_html

TZ = ZoneInfo("America/Sao_Paulo")
NASTY = [
    "<img src=x onerror=alert(1)>",
    "<script>alert(1)</script>",
    '"><svg onload=alert(1)>',
    "Tom & Jerry's <b>",
]


def L(text: str) -> datetime:
    return datetime.fromisoformat(text).replace(tzinfo=TZ).astimezone(UTC)


def _report(text: str, kind: str = "month") -> SimpleNamespace:
    calls = [
        rpt.CallFact(
            id=1, client="EVIL", client_name=text, opened_at=L("2026-11-08 23:00"),
            verdict="exceptional", status="closed", level=3, product=text, caller=text,
            resolved_at=L("2026-11-09 03:00"), closed_at=L("2026-11-09 03:10"), rating=1,
            strengths=text, weaknesses=text,
        ),
        rpt.CallFact(
            id=2, client="EVIL", client_name=text, opened_at=L("2026-11-10 23:00"),
            verdict="refused", status="refused", product="FoccoERP",
        ),
    ]  # fmt: skip
    escalations = [rpt.EscalationFact(1, text, text, L("2026-11-08 23:30"))]
    options = {"tz": TZ, "now": L("2026-12-01 09:00"), "update_every_minutes": 120}
    if kind == "year":
        figures = rpt.compute_year(
            2026, calls, escalations, [], covered_products=["FoccoERP", text], **options
        )
    else:
        figures = rpt.compute(
            rpt.month_period(2026, 11, TZ), calls, escalations, [],
            covered_products=["FoccoERP", text], **options,
        )  # fmt: skip
    return SimpleNamespace(
        kind=kind, figures=figures, client="EVIL", client_name=text, tz=TZ,
        sales_phone=text, sales_email=text, documents_language="pt_BR",
    )  # fmt: skip


@pytest.mark.parametrize("kind", ["month", "year"])
@pytest.mark.parametrize("text", NASTY)
def test_html_escapes_every_free_text_and_stays_well_formed(text, kind):
    page = render_html(_report(text, kind))
    root = ET.fromstring(page.split("\n", 1)[1])  # strict XML: raises if not well-formed
    assert "<script" not in page.lower()
    assert text not in page
    assert "<img" not in page and "<svg onload" not in page
    # The words are still there for the reader, as text.
    assert text in "".join(root.itertext())


def test_html_is_self_contained_and_phone_ready():
    page = render_html(_report("Acme"))
    assert page.startswith("<!DOCTYPE html>")
    assert '<meta name="viewport" content="width=device-width, initial-scale=1"/>' in page
    assert "<style>" in page and "<svg" in page
    for remote in ("http://", "https://", "src=", "<link", "@import", "url("):
        assert remote not in page
