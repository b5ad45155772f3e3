"""R19 over random histories: for every client and month, what was billed plus its
adjustments (issued and pending) equals the month recomputed from the final facts.

Histories interleave calls, time, chargeable changes, GLT changes and amendments, add-on
subscribe/unsubscribe/amendments, cancels, voids and issuing, through the service layer.
"""

from __future__ import annotations

import contextlib
import tempfile
from collections import defaultdict
from datetime import UTC, date, datetime, timedelta
from decimal import Decimal
from pathlib import Path

from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st
from sqlmodel import col, select

from focco247.domain import billing
from focco247.domain.contracts import AddonPeriod, GltTerm, glt_in_force
from focco247.domain.instants import month_str
from focco247.domain.policy import Policy
from focco247.errors import Focco247Error
from focco247.services import contracts, invoices
from focco247.services.base import Ctx
from focco247.services.billing_check import billing_problems
from focco247.services.cancel import cancel_call
from focco247.store.db import create_store, transaction
from focco247.store.models import (
    Adjustment,
    Call,
    Client,
    GltTermRow,
    Invoice,
    InvoiceLine,
    Subscription,
    TimeEntry,
)

POLICY = Policy.default()
START = datetime(2027, 2, 10, 15, tzinfo=UTC)  # January can be issued at once
END = datetime(2027, 9, 10, 15, tzinfo=UTC)  # every month up to August can be issued
MONTHS = [(2027, m) for m in range(1, 9)]

steps = st.lists(
    st.one_of(
        st.tuples(st.just("tick"), st.integers(1, 40)),
        st.tuples(st.just("call"), st.sampled_from("AB"), st.integers(1, 200), st.booleans()),
        st.tuples(st.just("issue"), st.integers(0, 7)),
        st.tuples(st.just("void"), st.integers(0, 20)),
        st.tuples(st.just("more"), st.integers(0, 20), st.integers(-90, 120)),
        st.tuples(st.just("undo"), st.integers(0, 20)),
        st.tuples(st.just("cancel"), st.integers(0, 20)),
        st.tuples(
            st.just("glt"),
            st.sampled_from("AB"),
            st.integers(0, 7),
            st.integers(1000, 9000),
            st.integers(80, 300),
        ),
        st.tuples(
            st.just("amend_glt"),
            st.sampled_from("AB"),
            st.integers(1000, 9000),
            st.integers(80, 300),
        ),
        st.tuples(st.just("unsubscribe"), st.sampled_from("AB"), st.integers(0, 200)),
        st.tuples(st.just("subscribe"), st.sampled_from("AB"), st.integers(0, 200)),
        st.tuples(
            st.just("amend_addon"), st.sampled_from("AB"), st.integers(0, 200), st.booleans()
        ),
    ),
    min_size=1,
    max_size=20,
)


@settings(max_examples=200, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(steps)
def test_property_billed_plus_adjustments_equals_each_month_recomputed_from_final_facts(history):
    with tempfile.TemporaryDirectory() as folder:
        db = str(Path(folder) / "p.db")
        create_store(db)  # a store is made on purpose (db init), never on first use
        with transaction(db, write=True) as session:
            clock = [START]

            def ctx() -> Ctx:
                return Ctx(session=session, policy=POLICY, now=clock[0], actor="prop")

            for code in ("A", "B"):
                contracts.add_client(ctx(), code, code, None)
                contracts.set_glt(ctx(), code, Decimal("3000"), Decimal("150"), date(2020, 1, 1))
            contracts.subscribe(ctx(), "A", date(2026, 6, 1), None)
            for step in history:
                with contextlib.suppress(Focco247Error):  # refused, changing nothing
                    _apply(ctx, clock, step)
                session.flush()
            clock[0] = END
            for year, month in MONTHS:
                invoices.month_invoices(ctx(), year, month, issue=True)
            _assert_months_and_calls_recomputed(ctx())
            assert billing_problems(ctx()) == ()


def _day(offset: int) -> date:
    return date(2027, 1, 1) + timedelta(days=offset)


def _apply(ctx, clock, step) -> None:
    kind = step[0]
    now = clock[0]
    session = ctx().session
    calls = session.exec(select(Call).order_by(Call.id)).all()
    if kind == "tick":
        clock[0] = min(now + timedelta(days=step[1]), END - timedelta(days=45))
    elif kind == "call":
        _, code, minutes, chargeable = step
        client = session.exec(select(Client).where(Client.code == code)).one()
        opened = now - timedelta(hours=3)
        call = Call(
            client_id=client.id, product="FoccoERP", caller="x", summary="y", opened_at=opened,
            verdict="covered", status="resolved", resolved_at=now - timedelta(hours=1),
            chargeable=chargeable,
        )  # fmt: skip
        session.add(call)
        session.flush()
        session.add(TimeEntry(call_id=call.id, minutes=minutes, worked_at=opened, created_at=now))
        call.note_billing_change(now)
    elif kind == "issue":
        ended = [(2027, m) for m in range(1, now.month)]  # months over before `now`
        year, month = ended[step[1] % len(ended)]
        invoices.month_invoices(ctx(), year, month, issue=True)
    elif kind == "void":
        live = session.exec(select(Invoice).where(Invoice.status == "issued")).all()
        if live:
            invoices.void_invoice(ctx(), live[step[1] % len(live)].number, "property test")
    elif kind in ("more", "undo", "cancel") and calls:
        call = calls[step[1] % len(calls)]
        if kind == "cancel":
            cancel_call(ctx(), call.id, "opened by mistake")
            return
        if call.status == "cancelled":
            return
        if kind == "more":
            total = sum(
                e.minutes
                for e in session.exec(select(TimeEntry).where(TimeEntry.call_id == call.id))
            )
            minutes = step[2] if step[2] > 0 or total + step[2] > 0 else 30
            session.add(TimeEntry(call_id=call.id, minutes=minutes, worked_at=now, created_at=now))
        else:
            call.chargeable = not call.chargeable
        call.note_billing_change(now)
        session.add(call)
    elif kind == "glt":
        _, code, month_offset, monthly, rate = step
        since = date(2026, 12, 1) if month_offset == 0 else date(2027, month_offset, 1)
        contracts.set_glt(ctx(), code, Decimal(monthly), Decimal(rate), since)
    elif kind == "amend_glt":
        _, code, monthly, rate = step
        contracts.amend_glt(
            ctx(), code, date(2020, 1, 1), reason="typo", monthly=Decimal(monthly),
            hourly_rate=Decimal(rate),
        )  # fmt: skip
    elif kind == "unsubscribe":
        contracts.unsubscribe(ctx(), step[1], _day(step[2]))
    elif kind == "subscribe":
        contracts.subscribe(ctx(), step[1], _day(step[2]), None)
    elif kind == "amend_addon":
        _, code, offset, first = step
        client = session.exec(select(Client).where(Client.code == code)).one()
        periods = session.exec(
            select(Subscription).where(Subscription.client_id == client.id)
        ).all()
        if periods:
            period = periods[offset % len(periods)]
            if first:
                contracts.amend_addon(
                    ctx(), code, period.first_day, reason="typo", first_day=_day(offset)
                )
            else:
                contracts.amend_addon(
                    ctx(), code, period.first_day, reason="typo", last_day=_day(offset)
                )


def _assert_months_and_calls_recomputed(ctx: Ctx) -> None:
    session = ctx.session
    rules = invoices.rules_of(ctx)
    live = {inv.id: inv for inv in session.exec(select(Invoice).where(Invoice.status == "issued"))}
    lines = [ln for ln in session.exec(select(InvoiceLine)) if ln.invoice_id in live]
    for client in session.exec(select(Client)):
        terms = [
            GltTerm(r.since, Decimal(r.monthly_cents) / 100, Decimal(r.hourly_rate_cents) / 100)
            for r in session.exec(select(GltTermRow).where(GltTermRow.client_id == client.id))
        ]
        periods = [
            AddonPeriod(s.first_day, s.last_day)
            for s in session.exec(select(Subscription).where(Subscription.client_id == client.id))
        ]
        billed: dict[str, int] = defaultdict(int)
        for ln in lines:
            inv = live[ln.invoice_id]
            if inv.client_id != client.id:
                continue
            if ln.kind == "fee_247":
                billed[inv.month] += ln.amount_cents
            elif ln.kind == "adjustment" and ln.call_id is None:
                billed[ln.adjusts_month or ""] += ln.amount_cents
        for adj in session.exec(
            select(Adjustment).where(
                Adjustment.client_id == client.id, col(Adjustment.invoice_id).is_(None)
            )
        ):
            billed[adj.adjusts_month] += adj.amount_cents
        for year, month in MONTHS:
            fee = billing.fee_for_month(year, month, terms, periods, rules.fee_percent)
            expected = int((fee.amount if fee else Decimal(0)) * 100)
            assert billed[month_str(year, month)] == expected, (client.code, year, month)
        # Every billed call: its live lines hold what it costs from the final facts.
        for call in session.exec(select(Call).where(Call.client_id == client.id)):
            held = sum(ln.amount_cents for ln in lines if ln.call_id == call.id)
            logged = sum(
                e.minutes
                for e in session.exec(select(TimeEntry).where(TimeEntry.call_id == call.id))
            )
            if call.chargeable and call.status == "resolved":
                rate = glt_in_force(terms, call.opened_at.astimezone(ctx.tz).date())
                assert rate is not None
                minutes = billing.billable_minutes(logged)
                expected = int(billing.chargeable_amount(minutes, rate.hourly_rate) * 100)
            else:
                expected = 0
            assert held == expected, (call.id, call.status, call.chargeable)
