"""Floor for `check`: the same four queries on the standard library's sqlite3 module, judged
by the project's own domain code (`focco247.domain.entitlement.judge`, default policy), with
no Typer, SQLAlchemy or SQLModel. What `check` could cost if the stack weighed nothing.

Usage: python floor_sqlite3.py STORE CODE [AT]   (AT: ISO 8601 instant, default now)
Prints the verdict and its reason (bench/run.py compares them with `check --json`).
"""

import sqlite3
import sys
from datetime import UTC, date, datetime
from decimal import Decimal

from focco247.domain.calendar import BusinessCalendar
from focco247.domain.contracts import AddonPeriod, GltTerm
from focco247.domain.entitlement import judge
from focco247.domain.policy import Policy


def main() -> None:
    path, code = sys.argv[1], sys.argv[2]
    at = datetime.fromisoformat(sys.argv[3]) if len(sys.argv) > 3 else datetime.now(UTC)
    policy = Policy.default()
    db = sqlite3.connect(f"file:{path}?mode=ro", uri=True)
    row = db.execute("SELECT id, code, name FROM client WHERE code = ?", (code.upper(),)).fetchone()
    if row is None:
        sys.exit(f"Unknown client {code!r}")
    client_id = row[0]
    terms = [
        GltTerm(date.fromisoformat(since), Decimal(monthly) / 100, Decimal(hourly) / 100)
        for since, monthly, hourly in db.execute(
            "SELECT since, monthly_cents, hourly_rate_cents FROM glt_term "
            "WHERE client_id = ? ORDER BY since",
            (client_id,),
        )
    ]
    periods = [
        AddonPeriod(date.fromisoformat(first), date.fromisoformat(last) if last else None)
        for first, last in db.execute(
            "SELECT first_day, last_day FROM subscription WHERE client_id = ? ORDER BY first_day",
            (client_id,),
        )
    ]
    exceptional = db.execute(
        "SELECT id FROM call WHERE client_id = ? AND verdict = 'exceptional' ORDER BY id LIMIT 1",
        (client_id,),
    ).fetchone()
    judgement = judge(
        at,
        "FoccoERP",
        calendar=BusinessCalendar.from_policy(policy),
        products=policy.products,
        glt_terms=terms,
        addon_periods=periods,
        exceptional_used=exceptional is not None,
        enforcement_start=policy.enforcement_start,
    )
    print(judgement.verdict.value, judgement.reason)


if __name__ == "__main__":
    main()
