"""Invariants of the attendant's phone over random nights (R8, R12, R14), through the services."""

from __future__ import annotations

import tempfile
from datetime import timedelta
from decimal import Decimal
from pathlib import Path

from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st
from sqlmodel import select

from focco247.domain.instants import parse_instant
from focco247.domain.policy import Policy
from focco247.errors import Focco247Error
from focco247.services import calls
from focco247.services.base import Ctx
from focco247.services.contracts import add_client, set_glt, subscribe
from focco247.store.db import create_store, transaction
from focco247.store.models import Call, TimeEntry

POLICY = Policy.default()
START = parse_instant("2026-11-25 22:00", POLICY.timezone)

call_ids = st.integers(min_value=1, max_value=8)
steps = st.lists(
    st.one_of(
        st.tuples(st.just("open"), st.integers(min_value=1, max_value=3)),
        st.tuples(st.just("take"), st.none() | call_ids),
        st.tuples(st.just("park"), call_ids),
        st.tuples(st.just("resolve"), call_ids),
        st.tuples(st.just("reopen"), call_ids),
        st.tuples(st.just("close"), call_ids),
        st.tuples(st.just("log"), call_ids),
        st.tuples(st.just("unlog"), st.integers(min_value=1, max_value=8)),
    ),
    min_size=1,
    max_size=25,
)


def apply(ctx: Ctx, step: tuple) -> None:
    kind, arg = step
    match kind:
        case "open":
            calls.open_call(ctx, "ACME", "Ana", "x", level=arg)
        case "take":
            calls.take(ctx, arg)
        case "park":
            calls.park(ctx, arg, "waiting")
        case "resolve":
            calls.resolve(ctx, arg, "ok")
        case "reopen":
            calls.reopen(ctx, arg, "back")
        case "close":
            calls.close(ctx, arg, rating=5)
        case "log":
            calls.log_time(ctx, arg, "10m")
        case "unlog":
            calls.unlog(ctx, arg)


@settings(max_examples=25, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(steps)
def test_r8_never_two_active_calls_and_resolution_matches_status(night: list[tuple]) -> None:
    with tempfile.TemporaryDirectory() as tmp:
        location = str(Path(tmp) / "p.db")
        create_store(location)
        with transaction(location, write=True) as session:
            ctx = Ctx(session, POLICY, START, "prop")
            add_client(ctx, "ACME", "Acme", None)
            set_glt(ctx, "ACME", Decimal(5000), Decimal(180), START.date().replace(year=2025))
            subscribe(ctx, "ACME", START.date().replace(year=2025), None)
        for minute, step in enumerate(night, 1):
            with transaction(location, write=True) as session:
                ctx = Ctx(session, POLICY, START + timedelta(minutes=minute), "prop")
                busy = calls.active_call(ctx) is not None
                try:
                    apply(ctx, step)
                except Focco247Error:
                    session.rollback()
                    continue
                rows = session.exec(select(Call)).all()
                assert sum(1 for c in rows if c.status == "open") <= 1
                if step[0] == "open":
                    newest = max(rows, key=lambda c: c.id)
                    assert newest.status == ("queued" if busy else "open")
                for c in rows:
                    assert (c.resolved_at is not None) == (c.status in ("resolved", "closed"))
                    assert (c.active_since is not None) == (c.status == "open")
                entries = session.exec(select(TimeEntry)).all()
                reversed_ids = [e.reverses_id for e in entries if e.reverses_id is not None]
                assert len(reversed_ids) == len(set(reversed_ids))
                for call in rows:
                    total = sum(e.minutes for e in entries if e.call_id == call.id)
                    assert total >= 0
