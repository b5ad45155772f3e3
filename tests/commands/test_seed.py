"""focco247 demo seed: a deterministic synthetic book with a realistic mix and sound billing."""

from __future__ import annotations

import os
from collections import Counter
from datetime import UTC, date, datetime
from decimal import Decimal

import pytest
import sqlalchemy as sa

from focco247.domain.calendar import BusinessCalendar
from focco247.domain.contracts import AddonPeriod, GltTerm
from focco247.domain.entitlement import judge
from focco247.domain.policy import Policy

CLIENTS, MONTHS = 40, 4

pytestmark = pytest.mark.demo_store  # `demo seed` writes only into a demo store


def rows(sql: str, db=None) -> list[tuple]:
    """A query on the test's store (SQLite or PostgreSQL), values as SQLite gives them."""
    location = str(db or os.environ["FOCCO247_DB"])
    engine = sa.create_engine(
        location if "://" in location else f"sqlite:///{location}", poolclass=sa.pool.NullPool
    )
    try:
        with engine.connect() as conn:
            return [tuple(_plain(v) for v in row) for row in conn.execute(sa.text(sql))]
    finally:
        engine.dispose()


def _plain(value):
    if isinstance(value, bool):
        return int(value)
    if isinstance(value, datetime):
        if value.tzinfo is not None:
            value = value.astimezone(UTC).replace(tzinfo=None)
        return value.strftime("%Y-%m-%d %H:%M:%S.%f")
    if isinstance(value, date):
        return value.isoformat()
    return value


def instant(text: str) -> datetime:
    return datetime.fromisoformat(text).replace(tzinfo=UTC)


@pytest.fixture
def book(cli):
    return cli.json("demo", "seed", "--clients", str(CLIENTS), "--months", str(MONTHS))


def dump(db) -> dict[str, list[tuple]]:
    return {
        table: rows(f"SELECT * FROM {table} ORDER BY id", db)
        for table in (
            "client",
            "glt_term",
            "subscription",
            "call",
            "time_entry",
            "escalation",
            "progress_update",
            "invoice",
            "invoice_line",
        )
    }


def test_seed_same_seed_same_book_other_seed_other_book(cli, tmp_path):
    books = {}
    for name, seed in (("a", "5"), ("b", "5"), ("c", "6")):
        db = tmp_path / f"{name}.db"
        cli.json(  # no store there yet: `demo seed` creates a demo store
            "demo", "seed", "--clients", "25", "--months", "3", "--seed", seed,
            env={"FOCCO247_DB": str(db)},
        )  # fmt: skip
        books[name] = dump(db)
    assert books["a"] == books["b"]
    assert books["a"]["call"] and books["a"]["invoice"]
    assert books["a"]["call"] != books["c"]["call"]


def test_seed_reports_what_it_wrote(book):
    doc = book
    assert doc["clients"] == CLIENTS and doc["months"] == MONTHS
    assert (doc["first_month"], doc["last_month"]) == ("2026-08", "2026-11")
    assert doc["issued_months"] == ["2026-08", "2026-09", "2026-10"]
    assert doc["calls"] == rows("SELECT COUNT(*) FROM call")[0][0]
    assert doc["time_entries"] == rows("SELECT COUNT(*) FROM time_entry")[0][0]
    assert doc["invoices"] == rows("SELECT COUNT(*) FROM invoice")[0][0]
    assert sum(doc["verdicts"].values()) == sum(doc["statuses"].values()) == doc["calls"]


def test_seed_realistic_mix_of_contracts_verdicts_levels_and_hours(book):
    doc = book
    assert 0.25 <= doc["subscribed"] / CLIENTS <= 0.55  # about 40% with the add-on
    verdicts = Counter(dict(rows("SELECT verdict, COUNT(*) FROM call GROUP BY verdict")))
    total = sum(verdicts.values())
    assert verdicts["covered"] > total / 2
    assert 0 < verdicts["business_hours"] < total * 0.10  # few contacts in business hours
    assert verdicts["refused"] > 0 and verdicts["exceptional"] > 0
    served = rows("SELECT level, chargeable FROM call WHERE verdict IN ('covered','exceptional')")
    levels = Counter(level for level, _ in served)
    assert levels[1] > levels[2] > levels[3] > 0  # mostly level 1
    chargeable = sum(1 for _, c in served if c) / len(served)
    assert 0.05 <= chargeable <= 0.15  # about 10% client-caused
    per_call = rows(
        "SELECT AVG(n) FROM (SELECT COUNT(*) AS n FROM time_entry GROUP BY call_id) AS per_call",
    )[0][0]
    assert per_call >= 1.3  # several time entries per call
    statuses = Counter(dict(rows("SELECT status, COUNT(*) FROM call GROUP BY status")))
    assert statuses["closed"] > statuses["resolved"] > 0
    assert statuses["open"] <= 1  # one phone, one attendant (R8)


def test_seed_calls_ring_mostly_at_night_and_on_weekends(book):
    cal = BusinessCalendar.from_policy(Policy.from_mapping({}))
    opened = [instant(t) for (t,) in rows("SELECT opened_at FROM call")]
    local = [cal.local(t) for t in opened]
    night_or_weekend = sum(
        1 for t in local if t.weekday() >= 5 or t.hour >= 18 or t.hour < 8
    ) / len(local)
    assert night_or_weekend > 0.8


def test_seed_verdicts_follow_r7_and_one_exceptional_per_client(book):
    policy = Policy.from_mapping({})
    cal = BusinessCalendar.from_policy(policy)
    terms: dict[int, list[GltTerm]] = {}
    for cid, since, monthly, rate in rows(
        "SELECT client_id, since, monthly_cents, hourly_rate_cents FROM glt_term"
    ):
        terms.setdefault(cid, []).append(
            GltTerm(date.fromisoformat(since), Decimal(monthly) / 100, Decimal(rate) / 100)
        )
    periods: dict[int, list[AddonPeriod]] = {}
    for cid, first, last in rows("SELECT client_id, first_day, last_day FROM subscription"):
        periods.setdefault(cid, []).append(
            AddonPeriod(date.fromisoformat(first), date.fromisoformat(last) if last else None)
        )
    used: set[int] = set()
    calls = rows(
        "SELECT client_id, opened_at, product, verdict, status FROM call ORDER BY opened_at, id"
    )
    for cid, opened, product, verdict, status in calls:
        expected = judge(
            instant(opened),
            product,
            calendar=cal,
            products=policy.products,
            glt_terms=terms[cid],
            addon_periods=periods.get(cid, []),
            exceptional_used=cid in used,
            enforcement_start=policy.enforcement_start,
        ).verdict.value
        assert verdict == expected, (cid, opened, product)
        if verdict == "exceptional":
            used.add(cid)
        if verdict == "business_hours":
            assert status == "redirected"
        elif verdict == "refused":
            assert status == "refused"
        else:
            assert status not in ("refused", "redirected")
    per_client = Counter(
        cid for (cid,) in rows("SELECT client_id FROM call WHERE verdict = 'exceptional'")
    )
    assert per_client and max(per_client.values()) == 1


def test_seed_billing_invariants_hold(book):
    # Every chargeable resolved call not yet on a live invoice is due, with nothing billed.
    unbilled = rows(
        "SELECT id, billing_due, billed_cents, billed_minutes FROM call c "
        "WHERE chargeable = TRUE AND status IN ('resolved', 'closed') AND resolved_at IS NOT NULL "
        "AND NOT EXISTS (SELECT 1 FROM invoice_line l JOIN invoice i ON i.id = l.invoice_id "
        "WHERE l.call_id = c.id AND i.status = 'issued')",
    )
    assert unbilled
    assert all(due == 1 and cents == 0 and minutes == 0 for _, due, cents, minutes in unbilled)
    # A billed call holds exactly what live invoices hold, and is no longer due.
    billed = rows(
        "SELECT c.id, c.billing_due, c.billed_cents, c.billed_minutes, SUM(l.amount_cents), "
        "SUM(l.minutes_billed), COUNT(*) FROM call c JOIN invoice_line l ON l.call_id = c.id "
        "JOIN invoice i ON i.id = l.invoice_id WHERE i.status = 'issued' "
        "AND l.kind = 'chargeable_hours' GROUP BY c.id",
    )
    assert billed
    for _, due, cents, minutes, line_cents, line_minutes, count in billed:
        assert (due, cents, minutes, count) == (0, line_cents, line_minutes, 1)
    # Non-chargeable calls are never due; billed minutes follow R13 (minimum 60).
    assert (
        rows("SELECT COUNT(*) FROM call WHERE chargeable = FALSE AND billing_due = TRUE")[0][0] == 0
    )
    logged = rows(
        "SELECT l.minutes_logged, l.minutes_billed, (SELECT SUM(minutes) FROM time_entry t "
        "WHERE t.call_id = l.call_id) FROM invoice_line l WHERE l.kind = 'chargeable_hours'",
    )
    for on_line, billed_minutes, entries in logged:
        assert on_line == entries and billed_minutes == max(60, entries)
    # Gapless numbers, one live invoice per client and month, issued after the month ended.
    seqs = [s for (s,) in rows("SELECT seq FROM invoice ORDER BY seq")]
    assert seqs == list(range(1, len(seqs) + 1))
    for month, issued_at in rows("SELECT month, issued_at FROM invoice"):
        assert issued_at[:7] > month


def test_seed_invoice_month_works_on_the_book(cli, book):
    doc = book
    draft = cli.json("invoice", "month")
    assert draft["month"] == "2026-11" and draft["issued"] is False
    assert draft["invoices"] and all(inv["number"] is None for inv in draft["invoices"])
    kinds = {line["kind"] for inv in draft["invoices"] for line in inv["lines"]}
    assert {"fee_247", "chargeable_hours"} <= kinds
    october = cli.json("invoice", "month", "2026-10")
    assert october["invoices"] and all(inv["number"] for inv in october["invoices"])
    again = cli.json("invoice", "month", "--previous", "--issue")
    assert [i["number"] for i in again["invoices"]] == [i["number"] for i in october["invoices"]]
    listed = cli.json("invoice", "list")["invoices"]
    assert len(listed) == doc["invoices"]


def _issue_through_the_service(issuer, year: int, month: int) -> int:
    """Stand-in for the seed's bulk issue: `invoice month --issue`'s own code path, run on
    the first business morning of the next month, as finance would."""
    from focco247.services import seed
    from focco247.services.base import Ctx
    from focco247.services.invoices import month_invoices

    ctx = issuer.ctx
    then = Ctx(ctx.session, ctx.policy, seed._issue_instant(ctx, year, month), ctx.actor)
    then.__dict__["calendar"] = ctx.calendar  # the holiday tables are already loaded
    issued = month_invoices(then, year, month, issue=True)
    ctx.session.flush()
    ctx.session.expunge_all()
    return len(issued.newly_issued)


def test_seed_bulk_issue_matches_the_invoicing_service(tmp_path, monkeypatch):
    from focco247.commands._common import store
    from focco247.services import seed
    from focco247.services.demo import create_demo_store
    from focco247.services.seed import seed_book

    books = {}
    for via in (False, True):
        db = tmp_path / f"via-{via}.db"
        monkeypatch.setenv("FOCCO247_DB", str(db))
        create_demo_store(str(db))
        with monkeypatch.context() as patch:
            if via:
                patch.setattr(seed._Issuer, "issue", _issue_through_the_service)
            with store(write=True) as ctx:
                seed_book(ctx, 30, 4, 11)
        books[via] = {
            "invoices": rows("SELECT * FROM invoice ORDER BY id", db),
            "lines": rows(
                "SELECT invoice_id, position, kind, description, call_id, minutes_logged, "
                "minutes_billed, hourly_rate_cents, amount_cents FROM invoice_line "
                "ORDER BY invoice_id, position",
                db,
            ),
            "calls": rows("SELECT id, billing_due, billed_cents, billed_minutes FROM call", db),
            "events": rows(
                "SELECT at, actor, entity, entity_id, action, detail FROM event "
                "WHERE entity = 'invoice' ORDER BY id",
                db,
            ),
        }
    assert books[False]["invoices"]
    assert books[False] == books[True]


def test_seed_leaves_one_active_call_so_a_new_contact_is_queued_r8(cli, book):
    active = cli.json("call", "queue")["active"]
    assert active is not None and active["status"] == "open"
    (code,) = rows(
        "SELECT c.code FROM client c JOIN subscription s ON s.client_id = c.id "
        "WHERE s.last_day IS NULL AND s.first_day <= '2026-11-25' ORDER BY c.code LIMIT 1",
    )[0]
    assert cli.json("check", code)["verdict"] == "covered"
    opened = cli.json("call", "open", code, "--caller", "Ana", "--summary", "NF-e rejeitada")
    assert opened["status"] == "queued"


def test_seed_refuses_a_store_that_already_has_clients(cli, acme):
    result = cli.run("demo", "seed", "--clients", "5", "--months", "2", code=1)
    assert "already holds clients" in result.stderr
    calls = rows("SELECT COUNT(*) FROM call")[0][0]
    assert calls == 0


@pytest.mark.parametrize("args", [["--clients", "0"], ["--months", "0"], ["--months", "241"]])
def test_seed_bad_sizes_are_one_sentence_and_write_nothing(cli, args):
    result = cli.run("demo", "seed", *args, code=1)
    assert result.stderr.startswith("Error: --")
    assert cli.json("client", "list")["clients"] == []


def test_seed_human_summary_is_plain_whole_lines(cli):
    out = cli.run("demo", "seed", "--clients", "10", "--months", "2").stdout
    assert "Seeded 10 clients" in out and "invoices issued" in out
    assert "\x1b[" not in out and "…" not in out  # plain: whole lines


def test_seed_issues_every_invoice_through_the_invoicing_services_plan(tmp_path, monkeypatch):
    """One issuing engine: the book's bulk issue numbers, prices and audits each invoice
    with `services.invoices.plan_issue`, the function `invoice month --issue` uses."""
    from focco247.commands._common import store
    from focco247.services import invoices, seed
    from focco247.services.demo import create_demo_store

    planned = []
    real = invoices.plan_issue

    def spy(*args, **kwargs):
        plan = real(*args, **kwargs)
        planned.append(plan.number)
        return plan

    monkeypatch.setattr(seed, "plan_issue", spy)
    db = tmp_path / "book.db"
    monkeypatch.setenv("FOCCO247_DB", str(db))
    create_demo_store(str(db))
    with store(write=True) as ctx:
        result = seed.seed_book(ctx, 12, 3, 5)
    assert result.invoices == len(planned) > 0
    assert [n for (n,) in rows("SELECT number FROM invoice ORDER BY seq", db)] == planned


def test_seed_numbers_every_invoice_of_the_demo_store_demo_never_a_real_number(cli, book):
    numbers = [n for (n,) in rows("SELECT number FROM invoice ORDER BY seq")]
    assert numbers and all(n.startswith("DEMO-") for n in numbers)
    # Issued afterwards by `invoice month --issue`, through the same engine: DEMO- too.
    voided = cli.json("invoice", "list")["invoices"][-1]
    cli.run("invoice", "void", voided["number"], "--reason", "demo re-issue")
    again = cli.json("invoice", "month", voided["month"], "--issue")
    fresh = [i["number"] for i in again["invoices"] if i["number"] not in numbers]
    assert fresh and all(n.startswith("DEMO-") for n in fresh)


def test_seed_refuses_a_store_for_real_work_naming_where_to_run_it(cli, tmp_path):
    real = tmp_path / "real.db"
    cli.run("db", "init", env={"FOCCO247_DB": str(real)})
    result = cli.run("demo", "seed", "--clients", "5", "--months", "2", code=1,
                     env={"FOCCO247_DB": str(real)})  # fmt: skip
    assert len(result.stderr.strip().splitlines()) == 1
    assert "FOCCO247_DB=/tmp/focco247-demo.db focco247 demo seed" in result.stderr
    assert rows("SELECT COUNT(*) FROM client", real) == [(0,)]
