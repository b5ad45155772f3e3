"""Exactly-once invariants of invoicing over random histories (R15, R16)."""

from __future__ import annotations

import tempfile
from collections import Counter
from datetime import UTC, date, datetime, timedelta
from decimal import Decimal
from pathlib import Path

from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st
from sqlmodel import select

from focco247.domain.policy import Policy
from focco247.output.invoices import invoice_json
from focco247.services import contracts, invoices
from focco247.services.base import Ctx
from focco247.store.db import create_store, transaction
from focco247.store.models import Call, Invoice, InvoiceLine, TimeEntry

NOW = datetime(2027, 12, 15, 12, tzinfo=UTC)
POLICY = Policy.default()

ops = st.lists(
    st.one_of(
        st.tuples(st.just("call"), st.integers(1, 9), st.integers(1, 200), st.booleans()),
        st.tuples(st.just("issue"), st.integers(1, 9)),
        st.tuples(st.just("void"), st.integers(0, 20)),
        st.tuples(st.just("more"), st.integers(0, 20), st.integers(1, 120)),
        st.tuples(st.just("undo"), st.integers(0, 20)),
    ),
    min_size=1,
    max_size=25,
)


def _ctx(session) -> Ctx:
    return Ctx(session=session, policy=POLICY, now=NOW, actor="prop")


@settings(max_examples=30, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(ops)
def test_property_no_item_is_ever_on_two_live_invoices_and_reissue_is_stable(steps):
    with tempfile.TemporaryDirectory() as folder:
        db = str(Path(folder) / "p.db")
        create_store(db)
        with transaction(db, write=True) as s:
            ctx = _ctx(s)
            for code in ("A", "B"):
                contracts.add_client(ctx, code, code, None)
                contracts.set_glt(ctx, code, Decimal("3000"), Decimal("150"), date(2020, 1, 1))
            contracts.subscribe(ctx, "A", date(2026, 1, 1), None)
        for step in steps:
            with transaction(db, write=True) as s:
                ctx = _ctx(s)
                _apply(ctx, step)
        with transaction(db, write=False) as s:
            _check_invariants(_ctx(s))


def _apply(ctx: Ctx, step) -> None:
    kind = step[0]
    calls = ctx.session.exec(select(Call).order_by(Call.id)).all()
    if kind == "call":
        _, month, minutes, chargeable = step
        opened = datetime(2027, month, 3, 23, tzinfo=UTC)
        client_id = 1 + month % 2
        call = Call(
            client_id=client_id, product="FoccoERP", caller="x", summary="y", opened_at=opened,
            verdict="covered", status="resolved", resolved_at=opened + timedelta(hours=1),
            chargeable=chargeable,
        )  # fmt: skip
        ctx.session.add(call)
        ctx.session.flush()
        ctx.session.add(TimeEntry(call_id=call.id, minutes=minutes, worked_at=opened,
                                  created_at=opened))  # fmt: skip
        call.note_billing_change()
    elif kind == "issue":
        first = invoices.month_invoices(ctx, 2027, step[1], issue=True)
        again = invoices.month_invoices(ctx, 2027, step[1], issue=True)
        assert [invoice_json(i) for i in first.invoices] == [
            invoice_json(i) for i in again.invoices
        ]
    elif kind == "void":
        live = ctx.session.exec(select(Invoice).where(Invoice.status == "issued")).all()
        if live:
            invoices.void_invoice(ctx, live[step[1] % len(live)].number, "property test")
    elif kind in ("more", "undo") and calls:
        call = calls[step[1] % len(calls)]
        if kind == "more":
            ctx.session.add(TimeEntry(call_id=call.id, minutes=step[2], worked_at=NOW,
                                      created_at=NOW))  # fmt: skip
        else:
            call.chargeable = not call.chargeable
        call.note_billing_change()
        ctx.session.add(call)


def _check_invariants(ctx: Ctx) -> None:
    live = ctx.session.exec(select(Invoice).where(Invoice.status == "issued")).all()
    live_ids = {inv.id for inv in live}
    lines = [ln for ln in ctx.session.exec(select(InvoiceLine)) if ln.invoice_id in live_ids]
    # One chargeable-hours line per call across live invoices; one live invoice per month+client.
    hours = Counter(ln.call_id for ln in lines if ln.kind == "chargeable_hours")
    assert all(count == 1 for count in hours.values())
    assert len({(inv.client_id, inv.month) for inv in live}) == len(live)
    # Gapless numbering over every invoice ever issued, void ones included.
    seqs = sorted(ctx.session.exec(select(Invoice.seq)).all())
    assert seqs == list(range(1, len(seqs) + 1))
    # What live invoices hold for each call equals the call's recorded billed state,
    # and never exceeds what the call costs when it is chargeable.
    for call in ctx.session.exec(select(Call)):
        held = sum(ln.amount_cents for ln in lines if ln.call_id == call.id)
        assert held == call.billed_cents
        minutes = sum(
            e.minutes
            for e in ctx.session.exec(select(TimeEntry).where(TimeEntry.call_id == call.id))
        )
        if not call.billing_due:
            expected = (max(60, minutes) * 150 * 100 // 60) if call.chargeable else 0
            assert abs(held - expected) <= 1
    # Invoice totals are sums of their rounded lines.
    for inv in live:
        assert inv.total_cents == sum(ln.amount_cents for ln in lines if ln.invoice_id == inv.id)
