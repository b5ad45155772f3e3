"""Floor for `invoice month` (draft, all clients): the same aggregation as one raw SQL query.

For every client, in one query through the standard library's sqlite3: the month's 24|7 fee
(fee_percent of the GLT monthly value in force, prorated by the days the add-on covers) and
the chargeable lines (every unbilled billable call resolved by the month's end, its logged
minutes summed, the 60-minute minimum applied, priced at the hourly rate of the GLT in force
on the day it was opened). Usage: python floor_sql.py STORE YYYY-MM
"""

import sqlite3
import sys

QUERY = """
WITH
bounds AS (
    SELECT :first AS first_day, :last AS last_day,
           julianday(:last) - julianday(:first) + 1 AS days
),
due AS (
    SELECT c.id, c.client_id, c.opened_at,
           (SELECT COALESCE(SUM(t.minutes), 0) FROM time_entry t WHERE t.call_id = c.id)
               AS logged
    FROM call c, bounds b
    WHERE c.billing_due = 1 AND c.chargeable = 1 AND c.status IN ('resolved', 'closed')
      AND c.resolved_at IS NOT NULL AND date(c.resolved_at, '-3 hours') <= b.last_day
),
hours AS (
    SELECT d.client_id,
           SUM(ROUND(MAX(d.logged, 60) * (
               SELECT g.hourly_rate_cents FROM glt_term g
               WHERE g.client_id = d.client_id AND g.since <= date(d.opened_at, '-3 hours')
               ORDER BY g.since DESC LIMIT 1) / 60.0)) AS cents,
           COUNT(*) AS lines
    FROM due d GROUP BY d.client_id
),
fee AS (
    SELECT s.client_id,
           SUM(ROUND(0.30 * (
               SELECT g.monthly_cents FROM glt_term g
               WHERE g.client_id = s.client_id AND g.since <= b.last_day
               ORDER BY g.since DESC LIMIT 1)
             * (julianday(MIN(COALESCE(s.last_day, b.last_day), b.last_day))
                - julianday(MAX(s.first_day, b.first_day)) + 1) / b.days)) AS cents
    FROM subscription s, bounds b
    WHERE s.first_day <= b.last_day AND (s.last_day IS NULL OR s.last_day >= b.first_day)
    GROUP BY s.client_id
)
SELECT cl.code, COALESCE(f.cents, 0), COALESCE(h.cents, 0), COALESCE(h.lines, 0)
FROM client cl
LEFT JOIN fee f ON f.client_id = cl.id
LEFT JOIN hours h ON h.client_id = cl.id
WHERE f.cents IS NOT NULL OR h.cents IS NOT NULL
ORDER BY cl.code
"""


def main() -> None:
    path, month = sys.argv[1], sys.argv[2]
    year, number = (int(part) for part in month.split("-"))
    nxt = (year + number // 12, number % 12 + 1)
    first = f"{year:04d}-{number:02d}-01"
    conn = sqlite3.connect(f"file:{path}?mode=ro", uri=True)
    (last,) = conn.execute(
        "SELECT date(?, '-1 day')", (f"{nxt[0]:04d}-{nxt[1]:02d}-01",)
    ).fetchone()
    rows = conn.execute(QUERY, {"first": first, "last": last}).fetchall()
    total = sum(fee + hours for _, fee, hours, _ in rows)
    for code, fee, hours, lines in rows:
        print(code, fee, hours, lines)
    print("invoices", len(rows), "total", total / 100)


if __name__ == "__main__":
    main()
