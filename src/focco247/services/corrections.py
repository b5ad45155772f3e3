"""Settling corrections that reach issued months (R19).

After a contract fact changes (GLT value or hourly rate, add-on days), every month the client
has a live invoice for is recomputed from the current facts: a fee that differs from what was
billed for the month (its fee line plus its adjustments, issued and pending) is recorded as an
adjustment, billable from now on (R15); billed calls whose price changed are flagged so the
next draft bills the difference, also from now on.
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass
from decimal import Decimal

from focco247.domain import adjustments, billing
from focco247.domain.contracts import AddonPeriod, GltTerm
from focco247.domain.instants import month_str
from focco247.domain.money import from_centavos, to_centavos
from focco247.services.base import Ctx
from focco247.store.models import Adjustment, Call, Client
from focco247.store.queries import adjustments as adj_q
from focco247.store.queries import invoices as invoice_q


@dataclass(frozen=True)
class AdjustmentNote:
    """One adjustment a change will bill: the month it corrects, the amount, why."""

    month: str  # YYYY-MM
    amount: Decimal
    reason: str
    call_id: int | None = None


def billed_fees(ctx: Ctx, client_id: int | None) -> dict[tuple[int, str], Decimal]:
    """What was billed for each (client id, month)'s fee: fee line + adjustments (issued and
    pending)."""
    return {
        key: from_centavos(sum(cents for cents, _, _ in entries))
        for key, entries in adj_q.fee_entries(ctx.session, client_id).items()
    }


def settle_contract_change(
    ctx: Ctx,
    client: Client,
    reason: str,
    terms_before: Sequence[GltTerm],
    terms_after: Sequence[GltTerm],
    periods_after: Sequence[AddonPeriod] | None = None,
) -> tuple[AdjustmentNote, ...]:
    """Record what a contract change adjusts in the client's issued months, and say it."""
    from focco247.services.contracts import addon_periods
    from focco247.services.invoices import rules_of

    if client.id is None:
        return ()
    client_id = client.id
    ctx.session.flush()
    rules = rules_of(ctx)
    periods = list(periods_after) if periods_after is not None else addon_periods(ctx, client_id)
    months = adj_q.live_months(ctx.session, client_id).get(client_id, [])
    billed = {m: amount for (cid, m), amount in billed_fees(ctx, client_id).items()}
    notes: list[AdjustmentNote] = []
    for diff in adjustments.fee_differences(months, terms_after, periods, billed, rules):
        ctx.session.add(
            Adjustment(
                client_id=client_id,
                adjusts_month=diff.month,
                cause="fee",
                reason=reason,
                amount_cents=to_centavos(diff.amount),
                recorded_at=ctx.now,
                recorded_by=ctx.actor,
            )
        )
        notes.append(AdjustmentNote(diff.month, diff.amount, reason))
    notes.extend(_reprice_billed_calls(ctx, client_id, reason, terms_before, terms_after))
    return tuple(notes)


def _reprice_billed_calls(
    ctx: Ctx,
    client_id: int,
    reason: str,
    terms_before: Sequence[GltTerm],
    terms_after: Sequence[GltTerm],
) -> list[AdjustmentNote]:
    """Billed chargeable calls whose price moved with the hourly rate: flagged for the next
    draft (the change recorded now), and said."""
    from focco247.services.invoices import RESOLVED, rules_of

    if list(terms_before) == list(terms_after):
        return []
    rules = rules_of(ctx)
    rows = adj_q.billed_calls(ctx.session, client_id)
    minutes = invoice_q.logged_minutes(ctx.session, [r.id for r in rows])
    notes: list[AdjustmentNote] = []
    for row in rows:
        if row.status not in RESOLVED or row.resolved_at is None:
            continue
        item = billing.CallForBilling(
            call_id=row.id,
            opened_on=row.opened_at.astimezone(ctx.tz).date(),
            resolved_on=row.resolved_at.astimezone(ctx.tz).date(),
            chargeable=row.chargeable,
            logged_minutes=minutes.get(row.id, 0),
            billed_cents=row.billed_cents,
            billed_minutes=row.billed_minutes,
        )
        try:
            before = billing.call_line(item, terms_before, rules)
            after = billing.call_line(item, terms_after, rules)
        except ValueError:
            continue  # no GLT on the opening day: the draft says so
        was = before.amount if before else Decimal("0.00")
        now = after.amount if after else Decimal("0.00")
        if was == now:
            continue
        call = ctx.session.get(Call, row.id)
        if call is None:
            continue
        call.billing_due = True
        call.billing_changed_at = ctx.now
        ctx.session.add(call)
        resolved = item.resolved_on or row.resolved_at.date()
        notes.append(
            AdjustmentNote(month_str(resolved.year, resolved.month), now - was, reason, row.id)
        )
    return notes
