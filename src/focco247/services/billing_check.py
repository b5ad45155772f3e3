"""The billing invariant of `db check` (R19): for every client and issued month, what was
billed plus its adjustments (issued and pending) equals the month recomputed from the current
facts. Months are compared by their 24|7 fee; billed calls by what their live invoice lines
hold against what they cost now (a call whose change is still pending is not a problem: its
adjustment is on the next draft)."""

from __future__ import annotations

from collections import defaultdict
from collections.abc import Iterable, Iterator
from dataclasses import dataclass
from decimal import Decimal
from typing import TypeVar

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
    # The calls live invoices hold and the calls whose columns say billed, both in call
    # order: walked side by side, years of them are never held at once.
    billed_calls = ((r.id, (r, logged)) for r, logged in adj_q.billed_calls_logged(session))
    for call_id, held_now, billed_row in _side_by_side(
        adj_q.calls_held(session, None), billed_calls
    ):
        cents, held_minutes = held_now or (0, 0)
        row, logged = billed_row or (None, 0)
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
            logged_minutes=logged,
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


A = TypeVar("A")
B = TypeVar("B")


def _side_by_side(
    left: Iterable[tuple[int, A]], right: Iterable[tuple[int, B]]
) -> Iterator[tuple[int, A | None, B | None]]:
    """Two streams keyed by ascending id, merged: (id, left's value or None, right's...)."""
    lefts, rights = iter(left), iter(right)
    a, b = next(lefts, None), next(rights, None)
    while a is not None or b is not None:
        if b is None or (a is not None and a[0] < b[0]):
            assert a is not None
            yield a[0], a[1], None
            a = next(lefts, None)
        elif a is None or b[0] < a[0]:
            yield b[0], None, b[1]
            b = next(rights, None)
        else:
            yield a[0], a[1], b[1]
            a, b = next(lefts, None), next(rights, None)
