"""The billing invariant of `db check` (R19): for every client and issued month, what was
billed plus its adjustments (issued and pending) equals the month recomputed from the current
facts. Months are compared by their 24|7 fee; billed calls by what their live invoice lines
hold against what they cost now (a call whose change is still pending is not a problem: its
adjustment is on the next draft)."""

from __future__ import annotations

from collections import defaultdict
from dataclasses import dataclass
from decimal import Decimal

from focco247.domain import adjustments, billing
from focco247.domain.contracts import AddonPeriod, GltTerm
from focco247.domain.money import from_centavos
from focco247.services.base import Ctx
from focco247.services.corrections import billed_fees
from focco247.services.invoices import RESOLVED, rules_of
from focco247.store.queries import adjustments as adj_q
from focco247.store.queries import invoices as invoice_q


@dataclass(frozen=True)
class BillingProblem:
    """One place where the money billed disagrees with the current facts."""

    kind: str  # "fee": an issued month's fee; "call": a billed call
    client: str
    month: str | None  # the issued month (fee problems)
    call_id: int | None  # the call (call problems)
    recomputed: Decimal  # what it comes to from the current facts
    billed: Decimal  # what was billed, plus adjustments issued and pending

    @property
    def difference(self) -> Decimal:
        return self.recomputed - self.billed


def billing_problems(ctx: Ctx) -> tuple[BillingProblem, ...]:
    """Every issued month and billed call whose recomputation differs from what was billed."""
    session = ctx.session
    codes = {c.id: c.code for c in invoice_q.clients_by_code(session) if c.id is not None}
    terms: dict[int, list[GltTerm]] = defaultdict(list)
    periods: dict[int, list[AddonPeriod]] = defaultdict(list)
    for glt in invoice_q.glt_rows(session, None):
        terms[glt.client_id].append(
            GltTerm(
                glt.since, from_centavos(glt.monthly_cents), from_centavos(glt.hourly_rate_cents)
            )
        )
    for sub in invoice_q.subscription_rows(session, None):
        periods[sub.client_id].append(AddonPeriod(sub.first_day, sub.last_day))
    rules = rules_of(ctx)
    billed: dict[int, dict[str, Decimal]] = defaultdict(dict)
    for (cid, month), amount in billed_fees(ctx, None).items():
        billed[cid][month] = amount
    problems: list[BillingProblem] = []
    for client_id, months in sorted(adj_q.live_months(session, None).items()):
        for diff in adjustments.fee_differences(
            months, terms[client_id], periods[client_id], billed[client_id], rules
        ):
            problems.append(
                BillingProblem(
                    "fee", codes.get(client_id, ""), diff.month, None, diff.recomputed, diff.billed
                )
            )
    held = adj_q.call_lines_held(session, None)
    rows: dict[int, adj_q.BilledCallRow] = {}
    minutes: dict[int, int] = {}  # logged, of the calls in `rows` (the only ones recomputed)
    for billed_call, logged in adj_q.billed_calls_logged(session):
        rows[billed_call.id] = billed_call
        minutes[billed_call.id] = logged
    for call_id in sorted(set(rows) | set(held)):
        cents, held_minutes = held.get(call_id, (0, 0))
        row = rows.get(call_id)
        if row is None and cents == 0 and held_minutes == 0:
            continue  # billed, then credited in full: settled at zero
        if row is None or row.billed_cents != cents or row.billed_minutes != held_minutes:
            client = codes.get(row.client_id, "") if row else ""
            problems.append(
                BillingProblem(
                    "call",
                    client,
                    None,
                    call_id,
                    from_centavos(row.billed_cents if row else 0),
                    from_centavos(cents),
                )
            )
            continue
        if row.billing_due:
            continue  # its adjustment is pending: the next draft bills it
        resolved = row.resolved_at if row.status in RESOLVED else None
        item = billing.CallForBilling(
            call_id=call_id,
            opened_on=row.opened_at.astimezone(ctx.tz).date(),
            resolved_on=resolved.astimezone(ctx.tz).date() if resolved else None,
            chargeable=row.chargeable,
            logged_minutes=minutes.get(call_id, 0),
            billed_cents=cents,
            billed_minutes=held_minutes,
        )
        try:
            line = billing.call_line(item, terms[row.client_id], rules)
        except ValueError:
            line = None
        if line is not None:
            problems.append(
                BillingProblem(
                    "call",
                    codes.get(row.client_id, ""),
                    None,
                    call_id,
                    from_centavos(cents) + line.amount,
                    from_centavos(cents),
                )
            )
    return tuple(problems)
