"""The reports count in the database; the rules of each figure live in `domain.report.Tally`.
These properties hold the grouped queries of `store/queries/reports.py` equal, figure for
figure, to the Tally fed one plain fact at a time (`rpt.compute`, `rpt.compute_year`), on
random books: instants with microseconds on and around month and year boundaries, time
zones whose offsets are not whole hours, every status, repeated escalations, reversals."""

from __future__ import annotations

from dataclasses import dataclass, replace
from datetime import UTC, date, datetime, timedelta
from zoneinfo import ZoneInfo

from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from focco247.domain import report as rpt
from focco247.domain.contracts import AddonPeriod, addon_in_force
from focco247.domain.policy import Policy
from focco247.services import reports
from focco247.services.base import Ctx
from focco247.store.db import transaction
from focco247.store.models import (
    Call,
    Client,
    Escalation,
    ProgressUpdate,
    Specialist,
    Subscription,
    TimeEntry,
)

YEAR = 2026
ZONES = ("America/Sao_Paulo", "Asia/Kolkata", "America/St_Johns", "Australia/Lord_Howe")
STATUSES = ("open", "queued", "parked", "resolved", "closed", "refused", "redirected", "cancelled")
CLIENTS = ("A", "B", "C")
SPECIALISTS = (("Ana", "Fiscal"), ("Bruno", "Infra"), ("Carla", "Fiscal"))
PRODUCTS = ("FoccoERP", "FoccoLOJAS")
REMARKS = (None, "", "   ", "Rápido", " rápido ", "Demorou")


def _edges() -> list[datetime]:
    """Local midnights starting each month from December to January, in every zone."""
    out = []
    for zone in ZONES:
        tz = ZoneInfo(zone)
        for month in range(0, 14):
            y, m = YEAR + (month - 1) // 12, (month - 1) % 12 + 1
            out.append(datetime(y, m, 1, tzinfo=tz).astimezone(UTC))
    return out


EDGES = _edges()

# An instant: near a month's edge (to the microsecond) or anywhere from December to January.
instants = st.one_of(
    st.builds(
        lambda edge, us: edge + timedelta(microseconds=us),
        st.sampled_from(EDGES),
        st.integers(-3 * 3600 * 10**6, 3 * 3600 * 10**6),
    ),
    st.builds(
        lambda s, us: datetime(YEAR - 1, 12, 1, tzinfo=UTC) + timedelta(seconds=s, microseconds=us),
        st.integers(0, 400 * 86400),
        st.integers(0, 999_999),
    ),
)
# A duration in microseconds: often a few minutes and change (whole-minute edges), sometimes days.
spans = st.one_of(
    st.builds(lambda m, us: m * 60_000_000 + us, st.integers(0, 90), st.integers(-1, 1)),
    st.integers(0, 40 * 86400 * 10**6),
)


@dataclass(frozen=True)
class GenCall:
    client: int
    product: str
    opened_at: datetime
    verdict: str
    status: str
    level: int
    chargeable: bool
    resolved_after: int | None
    closed_after: int | None
    rating: int | None
    strengths: str | None
    weaknesses: str | None
    entries: tuple[tuple[datetime, int], ...]
    updates: tuple[datetime, ...]
    escalations: tuple[tuple[int, datetime], ...]


calls = st.builds(
    GenCall,
    client=st.integers(0, len(CLIENTS) - 1),
    product=st.sampled_from(PRODUCTS),
    opened_at=instants,
    verdict=st.sampled_from(rpt.VERDICTS),
    status=st.sampled_from(STATUSES),
    level=st.integers(1, 3),
    chargeable=st.booleans(),
    resolved_after=st.none() | spans,
    closed_after=st.none() | spans,
    rating=st.none() | st.integers(1, 5),
    strengths=st.sampled_from(REMARKS),
    weaknesses=st.sampled_from(REMARKS),
    entries=st.lists(st.tuples(instants, st.integers(-60, 240)), max_size=3).map(tuple),
    updates=st.lists(instants, max_size=3).map(tuple),
    escalations=st.lists(st.tuples(st.integers(0, len(SPECIALISTS) - 1), instants), max_size=3).map(
        tuple
    ),
)
subscriptions = st.lists(
    st.tuples(
        st.integers(0, len(CLIENTS) - 1),
        st.dates(date(YEAR - 1, 11, 1), date(YEAR + 1, 1, 31)),
        st.none() | st.integers(0, 200),
    ),
    max_size=3,
)


class _Undo(Exception):
    """Raised at the end of an example: its transaction is rolled back, the store stays empty."""


def _build(session, book: list[GenCall], subs):
    clients = [Client(code=code, name=f"Cliente {code}", created_at=EDGES[0]) for code in CLIENTS]
    specialists = [Specialist(name=n, area=a) for n, a in SPECIALISTS]
    session.add_all([*clients, *specialists])
    session.flush()
    periods: dict[int, list[AddonPeriod]] = {}
    for index, first, days in subs:
        last = None if days is None else first + timedelta(days=days)
        session.add(Subscription(client_id=clients[index].id, first_day=first, last_day=last,
                                 created_at=EDGES[0]))  # fmt: skip
        periods.setdefault(clients[index].id, []).append(AddonPeriod(first, last))
    rows = []
    for g in book:
        resolved = (
            None
            if g.resolved_after is None
            else g.opened_at + timedelta(microseconds=g.resolved_after)
        )
        closed = (
            None if g.closed_after is None else g.opened_at + timedelta(microseconds=g.closed_after)
        )
        call = Call(
            client_id=clients[g.client].id, product=g.product, caller="Req", summary="s",
            opened_at=g.opened_at, verdict=g.verdict, status=g.status, level=g.level,
            chargeable=g.chargeable, resolved_at=resolved, closed_at=closed, rating=g.rating,
            strengths=g.strengths, weaknesses=g.weaknesses,
        )  # fmt: skip
        session.add(call)
        session.flush()
        for at, minutes in g.entries:
            session.add(TimeEntry(call_id=call.id, minutes=minutes, worked_at=at, created_at=at))
        for at in g.updates:
            session.add(ProgressUpdate(call_id=call.id, at=at, note="u"))
        for index, at in g.escalations:
            session.add(Escalation(call_id=call.id, specialist_id=specialists[index].id,
                                   reason="r", at=at))  # fmt: skip
        rows.append(call)
    session.flush()
    return rows, periods, {c.id: c.code for c in clients}


def _facts(book, rows, periods, code, tz, period: rpt.Period):
    """The plain facts the domain computes from: what `Tally.add` is fed one at a time."""
    facts, escalations, by_month = [], [], {}
    for g, row in zip(book, rows, strict=True):
        if g.status == "cancelled":  # opened by mistake: in no report
            continue
        worked = [(at, m) for at, m in g.entries if period.holds(at)]
        for at, minutes in worked:
            local = at.astimezone(tz)
            month = by_month.setdefault(f"{local.year:04d}-{local.month:02d}", {})
            month[row.id] = month.get(row.id, 0) + minutes
        day = row.opened_at.astimezone(tz).date()
        facts.append(
            rpt.CallFact(
                id=row.id, client=code[row.client_id], client_name=f"Cliente {code[row.client_id]}",
                opened_at=row.opened_at, verdict=row.verdict, status=row.status, level=row.level,
                product=row.product, caller=row.caller, chargeable=row.chargeable,
                addon_in_force=addon_in_force(periods.get(row.client_id, []), day) is not None,
                resolved_at=row.resolved_at, closed_at=row.closed_at, rating=row.rating,
                strengths=row.strengths, weaknesses=row.weaknesses,
                updates=tuple(sorted(g.updates)), minutes_in_period=sum(m for _, m in worked),
            )
        )  # fmt: skip
        escalations += [
            rpt.EscalationFact(row.id, SPECIALISTS[i][0], SPECIALISTS[i][1], at)
            for i, at in g.escalations
            if period.holds(at)
        ]
    return facts, escalations, by_month


@settings(
    max_examples=60,
    deadline=None,
    suppress_health_check=[HealthCheck.too_slow, HealthCheck.function_scoped_fixture],
)
@given(
    book=st.lists(calls, max_size=25),
    subs=subscriptions,
    zone=st.sampled_from(ZONES),
    now=instants,
    month=st.integers(1, 12),
)
def test_grouped_queries_give_the_figures_of_the_domain_tally(
    store_location, book, subs, zone, now, month
):
    tz = ZoneInfo(zone)
    policy = replace(Policy.default(), timezone=tz)
    try:
        with transaction(store_location, write=True) as session:
            rows, periods, code = _build(session, book, subs)
            ctx = Ctx(session=session, policy=policy, now=now, actor="prop")
            options = {
                "tz": tz,
                "now": now,
                "update_every_minutes": policy.level3_update_every_minutes,
                "covered_products": [p for p, covered in policy.products.items() if covered],
            }

            year = reports.year_report(ctx, str(YEAR))
            facts, escalations, by_month = _facts(
                book, rows, periods, code, tz, rpt.year_period(YEAR, tz)
            )
            expected = rpt.compute_year(
                YEAR, facts, escalations, [], minutes_by_month=by_month, **options
            )
            assert year.figures.year == expected.year
            assert year.figures.months == expected.months

            label = f"{YEAR}-{month:02d}"
            one = reports.month_report(ctx, label)
            period = rpt.month_period(YEAR, month, tz)
            facts, escalations, _ = _facts(book, rows, periods, code, tz, period)
            assert one.figures == rpt.compute(period, facts, escalations, [], **options)
            raise _Undo
    except _Undo:
        pass
