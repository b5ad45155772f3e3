"""The issuing engine's plan: number, stored columns, settled calls and audit detail."""

from __future__ import annotations

from decimal import Decimal
from pathlib import Path

from focco247.domain import billing
from focco247.services.invoices import plan_issue

SRC = Path(__file__).resolve().parents[2] / "src"


def _draft() -> billing.Draft:
    return billing.Draft(
        "2026-10",
        (
            billing.DraftLine(billing.LineKind.FEE_247, "24|7 add-on", Decimal("1500.00")),
            billing.DraftLine(
                billing.LineKind.CHARGEABLE_HOURS,
                "Call 7",
                Decimal("270.00"),
                call_id=7,
                minutes_logged=90,
                minutes_billed=90,
                hourly_rate=Decimal("180.00"),
            ),
            billing.DraftLine(
                billing.LineKind.ADJUSTMENT,
                "Call 7, more time",
                Decimal("30.00"),
                call_id=7,
                minutes_logged=100,
                minutes_billed=10,
                hourly_rate=Decimal("180.00"),
            ),
            billing.DraftLine(
                billing.LineKind.EXCEPTIONAL_SERVICE, "Exceptional", Decimal("0.00"), call_id=9
            ),
        ),
    )


def test_plan_issue_numbers_with_the_prefix_and_six_digits():
    plan = plan_issue("F247-", 12, 3, "ACME", _draft())
    assert (plan.seq, plan.number, plan.client_id, plan.month) == (12, "F247-000012", 3, "2026-10")


def test_plan_issue_stores_lines_in_order_with_money_in_centavos():
    plan = plan_issue("F247-", 1, 3, "ACME", _draft())
    assert [line.position for line in plan.lines] == [1, 2, 3, 4]
    assert [line.amount_cents for line in plan.lines] == [150000, 27000, 3000, 0]
    assert plan.lines[1].hourly_rate_cents == 18000 and plan.lines[0].hourly_rate_cents is None
    assert plan.total_cents == 180000


def test_plan_issue_settles_only_hours_and_adjustments_summed_per_call():
    plan = plan_issue("F247-", 1, 3, "ACME", _draft())
    assert [(s.call_id, s.cents, s.minutes) for s in plan.settlements] == [(7, 30000, 100)]


def test_plan_issue_audit_detail_names_client_month_total_and_line_count():
    plan = plan_issue("F247-", 1, 3, "ACME", _draft())
    assert plan.audit_detail() == {
        "client": "ACME",
        "month": "2026-10",
        "total": "1800.00",
        "lines": 4,
    }


def test_production_code_holds_no_test_hooks():
    offenders = [
        str(path.relative_to(SRC))
        for path in SRC.rglob("*.py")
        if "FOCCO247_TEST" in path.read_text() or "pause_point" in path.read_text()
    ]
    assert offenders == []
