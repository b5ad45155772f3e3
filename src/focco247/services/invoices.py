"""Monthly invoicing (R5, R13, R15, R16): drafts, issuing exactly once, voids, listings.

A draft reads only what the month needs: the clients' contracts, the month's live invoices,
and the calls whose billing changed (`Call.billing_due`), so its cost follows the month,
not the years of history behind it.
"""

from __future__ import annotations

from collections import defaultdict
from collections.abc import Callable, Iterable, Sequence
from dataclasses import dataclass, field
from datetime import UTC, date, datetime, time, timedelta
from decimal import Decimal
from typing import Any

import sqlalchemy as sa
from sqlmodel import select

from focco247.domain import billing
from focco247.domain.contracts import AddonPeriod, GltTerm
from focco247.domain.instants import iso_local, month_bounds, month_str, previous_month
from focco247.domain.money import from_centavos, money_str, to_centavos
from focco247.errors import InputError, NotFoundError, StateError
from focco247.services.base import Ctx, get_client
from focco247.store.db import pause_point
from focco247.store.models import (
    Call,
    Client,
    GltTermRow,
    Invoice,
    InvoiceLine,
    Subscription,
    TimeEntry,
)

RESOLVED = ("resolved", "closed")
_CHUNK = 500


def line_json(line: billing.DraftLine) -> dict[str, Any]:
    """One invoice line as SPEC §3 shapes it (call details only where a call is billed)."""
    doc: dict[str, Any] = {
        "kind": line.kind.value,
        "description": line.description,
        "amount": money_str(line.amount),
    }
    if line.call_id is not None:
        doc["call_id"] = line.call_id
    if line.kind in (billing.LineKind.CHARGEABLE_HOURS, billing.LineKind.ADJUSTMENT):
        doc["minutes_logged"] = line.minutes_logged
        doc["minutes_billed"] = line.minutes_billed
        doc["hourly_rate"] = money_str(line.hourly_rate) if line.hourly_rate else None
    return doc


@dataclass
class InvoiceDoc:
    client: str
    client_name: str
    month: str
    number: str | None
    status: str  # draft, issued, void
    lines: list[billing.DraftLine]
    issued_at: datetime | None = None
    void_reason: str | None = None
    tz: Any = None

    @property
    def total(self) -> Decimal:
        return sum((line.amount for line in self.lines), Decimal("0.00"))

    def to_json(self) -> dict[str, Any]:
        doc: dict[str, Any] = {
            "client": self.client,
            "client_name": self.client_name,
            "month": self.month,
            "number": self.number,
            "status": self.status,
            "currency": "BRL",
            "lines": [line_json(line) for line in self.lines],
            "total": money_str(self.total),
        }
        if self.status != "draft":
            doc["issued_at"] = iso_local(self.issued_at, self.tz)
        if self.status == "void":
            doc["void_reason"] = self.void_reason
        return doc


@dataclass
class MonthResult:
    month: str
    issued: bool
    invoices: list[InvoiceDoc] = field(default_factory=list)
    newly_issued: list[str] = field(default_factory=list)

    @property
    def total(self) -> Decimal:
        return sum((inv.total for inv in self.invoices), Decimal("0.00"))

    def to_json(self) -> dict[str, Any]:
        return {
            "month": self.month,
            "issued": self.issued,
            "currency": "BRL",
            "invoices": [inv.to_json() for inv in self.invoices],
            "total": money_str(self.total),
        }


def resolve_month(ctx: Ctx, text: str | None, previous: bool) -> tuple[int, int]:
    """YYYY-MM, or --previous (the month before today in the policy time zone)."""
    from focco247.domain.instants import parse_month

    if text and previous:
        raise InputError("Give either a month or --previous, not both.")
    today = ctx.now.astimezone(ctx.tz).date()
    if previous:
        return previous_month(today)
    if text:
        return parse_month(text)
    return today.year, today.month


def rules_of(ctx: Ctx) -> billing.BillingRules:
    p = ctx.policy
    return billing.BillingRules(
        fee_percent=p.fee_percent,
        minimum_minutes=p.minimum_chargeable_minutes,
        rounding_minutes=p.rounding_minutes,
        money_rounding=p.money_rounding,
    )


def _local_start(day: date, ctx: Ctx) -> datetime:
    return datetime.combine(day, time(0), tzinfo=ctx.tz).astimezone(UTC)


def _chunks(values: Sequence[int]) -> Iterable[Sequence[int]]:
    for start in range(0, len(values), _CHUNK):
        yield values[start : start + _CHUNK]


def month_invoices(
    ctx: Ctx,
    year: int,
    month: int,
    client_code: str | None = None,
    *,
    issue: bool = False,
    progress: Callable[[int, int], None] | None = None,
) -> MonthResult:
    """Drafts for a month (changing nothing), or with `issue` the issued invoices (R15, R16).

    Clients that already have a live invoice for the month get that invoice back unchanged.
    """
    label = month_str(year, month)
    first, last = month_bounds(year, month)
    if issue:
        today = ctx.now.astimezone(ctx.tz).date()
        if last >= today:
            raise StateError(
                f"{label} has not ended yet; invoices are issued once the month is over "
                "(run without --issue for a draft)."
            )
    session = ctx.session
    if client_code:
        clients = [get_client(ctx, client_code)]
    else:
        clients = list(session.exec(select(Client).order_by(Client.code)).all())
    if not clients:
        return MonthResult(label, issue)
    ids = [c.id for c in clients]
    one = client_code is not None

    def of_clients(column):
        return column == ids[0] if one else sa.true()

    live = {
        inv.client_id: inv
        for inv in session.exec(
            select(Invoice).where(
                Invoice.month == label, Invoice.status == "issued", of_clients(Invoice.client_id)
            )
        ).all()
    }
    live_lines = _lines_of(ctx, [inv.id for inv in live.values()])

    pending = [c for c in clients if c.id not in live]
    terms, periods = _contracts(ctx, [c.id for c in pending], one)
    calls = _due_calls(ctx, [c.id for c in pending], one)
    exceptional = _exceptional_calls(ctx, first, last, one, ids[0])
    rules = rules_of(ctx)

    result = MonthResult(label, issue)
    to_issue: list[tuple[Client, billing.Draft]] = []
    for client in clients:
        if client.id in live:
            inv = live[client.id]
            result.invoices.append(_issued_doc(ctx, client, inv, live_lines.get(inv.id, [])))
            continue
        draft = billing.build_draft(
            year,
            month,
            glt_terms=terms.get(client.id, []),
            addon_periods=periods.get(client.id, []),
            calls=calls.get(client.id, []),
            exceptional_calls=exceptional.get(client.id, []),
            rules=rules,
        )
        if issue:
            _settle_quiet_calls(
                ctx, calls.get(client.id, []), terms.get(client.id, []), last, rules
            )
        if not draft.billable:
            continue
        if issue:
            to_issue.append((client, draft))
        else:
            result.invoices.append(_draft_doc(ctx, client, draft))
    for done, (client, draft) in enumerate(to_issue, start=1):
        doc = _issue(ctx, client, draft)
        result.invoices.append(doc)
        result.newly_issued.append(doc.number or "")
        if progress:
            progress(done, len(to_issue))
    result.invoices.sort(key=lambda inv: inv.client)
    return result


def _settle_quiet_calls(ctx: Ctx, calls, terms, last: date, rules) -> None:
    """Flagged calls resolved by the month's end that need no line (e.g. never billed and no
    longer chargeable) stop being read by later drafts."""
    for call in calls:
        if call.resolved_on is None or call.resolved_on > last:
            continue
        if billing.call_line(call, terms, rules) is None:
            row = ctx.session.get(Call, call.call_id)
            row.billing_due = False
            ctx.session.add(row)


def _contracts(ctx: Ctx, client_ids: list[int], one: bool):
    terms: dict[int, list[GltTerm]] = defaultdict(list)
    periods: dict[int, list[AddonPeriod]] = defaultdict(list)
    if not client_ids:
        return terms, periods
    wanted = set(client_ids)
    glt_query = select(
        GltTermRow.client_id,
        GltTermRow.since,
        GltTermRow.monthly_cents,
        GltTermRow.hourly_rate_cents,
    ).order_by(GltTermRow.client_id, GltTermRow.since)
    sub_query = select(
        Subscription.client_id, Subscription.first_day, Subscription.last_day
    ).order_by(Subscription.client_id, Subscription.first_day)
    if one:
        glt_query = glt_query.where(GltTermRow.client_id == client_ids[0])
        sub_query = sub_query.where(Subscription.client_id == client_ids[0])
    for row in ctx.session.exec(glt_query):
        if row.client_id in wanted:
            terms[row.client_id].append(
                GltTerm(
                    row.since,
                    from_centavos(row.monthly_cents),
                    from_centavos(row.hourly_rate_cents),
                )
            )
    for sub in ctx.session.exec(sub_query):
        if sub.client_id in wanted:
            periods[sub.client_id].append(AddonPeriod(sub.first_day, sub.last_day))
    return terms, periods


def _due_calls(ctx: Ctx, client_ids: list[int], one: bool) -> dict[int, list]:
    """Calls whose billing changed since they were last settled, as billing inputs."""
    out: dict[int, list[billing.CallForBilling]] = defaultdict(list)
    if not client_ids:
        return out
    # Only the columns billing reads: no ORM objects to build for thousands of calls.
    query = select(
        Call.id,
        Call.client_id,
        Call.opened_at,
        Call.resolved_at,
        Call.status,
        Call.chargeable,
        Call.billed_cents,
        Call.billed_minutes,
        Call.summary,
    ).where(Call.billing_due == sa.true())
    if one:
        query = query.where(Call.client_id == client_ids[0])
    wanted = set(client_ids)
    rows = [c for c in ctx.session.exec(query).all() if c.client_id in wanted]
    minutes = _logged_minutes(ctx, [c.id for c in rows])
    for call in rows:
        resolved = call.resolved_at if call.status in RESOLVED else None
        out[call.client_id].append(
            billing.CallForBilling(
                call_id=call.id,
                opened_on=call.opened_at.astimezone(ctx.tz).date(),
                resolved_on=resolved.astimezone(ctx.tz).date() if resolved else None,
                chargeable=call.chargeable,
                logged_minutes=minutes.get(call.id, 0),
                billed_cents=call.billed_cents,
                billed_minutes=call.billed_minutes,
                summary=call.summary,
            )
        )
    return out


def _logged_minutes(ctx: Ctx, call_ids: list[int]) -> dict[int, int]:
    totals: dict[int, int] = {}
    for chunk in _chunks(call_ids):
        query = (
            select(TimeEntry.call_id, sa.func.sum(TimeEntry.minutes))
            .where(TimeEntry.call_id.in_(chunk))
            .group_by(TimeEntry.call_id)
        )
        for call_id, total in ctx.session.exec(query):
            totals[call_id] = int(total or 0)
    return totals


def _exceptional_calls(ctx: Ctx, first: date, last: date, one: bool, client_id: int):
    """Exceptional services opened in the month: information lines on that month's invoice."""
    start = _local_start(first, ctx)
    end = _local_start(last + timedelta(days=1), ctx)
    query = select(Call.client_id, Call.id, Call.opened_at).where(
        Call.verdict == "exceptional", Call.opened_at >= start, Call.opened_at < end
    )
    if one:
        query = query.where(Call.client_id == client_id)
    out: dict[int, list[tuple[int, date]]] = defaultdict(list)
    for cid, call_id, opened in ctx.session.exec(query):
        out[cid].append((call_id, opened.astimezone(ctx.tz).date()))
    return out


def _lines_of(ctx: Ctx, invoice_ids: list[int]) -> dict[int, list[InvoiceLine]]:
    out: dict[int, list[InvoiceLine]] = defaultdict(list)
    for chunk in _chunks(invoice_ids):
        query = (
            select(InvoiceLine)
            .where(InvoiceLine.invoice_id.in_(chunk))
            .order_by(InvoiceLine.invoice_id, InvoiceLine.position)
        )
        for line in ctx.session.exec(query):
            out[line.invoice_id].append(line)
    return out


def _stored_line(line: InvoiceLine) -> billing.DraftLine:
    return billing.DraftLine(
        billing.LineKind(line.kind),
        line.description,
        from_centavos(line.amount_cents),
        line.call_id,
        line.minutes_logged,
        line.minutes_billed,
        from_centavos(line.hourly_rate_cents) if line.hourly_rate_cents is not None else None,
    )


def _draft_doc(ctx: Ctx, client: Client, draft: billing.Draft) -> InvoiceDoc:
    lines = list(draft.lines)
    return InvoiceDoc(client.code, client.name, draft.month, None, "draft", lines, tz=ctx.tz)


def _issued_doc(ctx: Ctx, client: Client, inv: Invoice, lines: list[InvoiceLine]) -> InvoiceDoc:
    return InvoiceDoc(
        client.code,
        client.name,
        inv.month,
        inv.number,
        inv.status,
        [_stored_line(line) for line in lines],
        issued_at=inv.issued_at,
        void_reason=inv.void_reason,
        tz=ctx.tz,
    )


def _next_seq(ctx: Ctx) -> int:
    """Gapless numbering: the writer holds the store's write lock, so max + 1 is safe."""
    current = ctx.session.exec(select(sa.func.max(Invoice.seq))).one()
    return int(current or 0) + 1


def _issue(ctx: Ctx, client: Client, draft: billing.Draft) -> InvoiceDoc:
    """Freeze one draft: number it, store its lines, and settle its calls' billing state."""
    seq = _next_seq(ctx)
    number = f"{ctx.policy.invoice_prefix}{seq:06d}"
    invoice = Invoice(
        seq=seq,
        number=number,
        client_id=client.id,
        month=draft.month,
        status="issued",
        issued_at=ctx.now,
        issued_by=ctx.actor,
        total_cents=to_centavos(draft.total),
    )
    ctx.session.add(invoice)
    ctx.session.flush()
    settled: dict[int, tuple[int, int]] = {}
    rows: list[InvoiceLine] = []
    for position, line in enumerate(draft.lines, start=1):
        row = InvoiceLine(
            invoice_id=invoice.id,
            position=position,
            kind=line.kind.value,
            description=line.description,
            call_id=line.call_id,
            minutes_logged=line.minutes_logged,
            minutes_billed=line.minutes_billed,
            hourly_rate_cents=to_centavos(line.hourly_rate) if line.hourly_rate else None,
            amount_cents=to_centavos(line.amount),
        )
        rows.append(row)
        if line.kind in (billing.LineKind.CHARGEABLE_HOURS, billing.LineKind.ADJUSTMENT):
            cents, minutes = settled.get(line.call_id, (0, 0))
            settled[line.call_id] = (
                cents + to_centavos(line.amount),
                minutes + (line.minutes_billed or 0),
            )
    ctx.session.add_all(rows)
    for call_id, (cents, minutes) in settled.items():
        call = ctx.session.get(Call, call_id)
        call.billed_cents += cents
        call.billed_minutes += minutes
        call.billing_due = False
        ctx.session.add(call)
    pause_point("issue", ctx.session)  # crash-safety tests kill the process here
    ctx.record(
        "invoice",
        number,
        "issued",
        client=client.code,
        month=draft.month,
        total=money_str(draft.total),
        lines=len(rows),
    )
    return _issued_doc(ctx, client, invoice, rows)


def find_invoice(ctx: Ctx, number: str) -> Invoice:
    wanted = number.strip()
    inv = ctx.session.exec(select(Invoice).where(Invoice.number == wanted)).first()
    if inv is None and wanted.isdigit():
        inv = ctx.session.exec(select(Invoice).where(Invoice.seq == int(wanted))).first()
    if inv is None:
        raise NotFoundError(f"Unknown invoice {number!r}.")
    return inv


def show_invoice(ctx: Ctx, number: str) -> InvoiceDoc:
    inv = find_invoice(ctx, number)
    client = ctx.session.get(Client, inv.client_id)
    return _issued_doc(ctx, client, inv, _lines_of(ctx, [inv.id]).get(inv.id, []))


@dataclass
class InvoiceList:
    invoices: list[InvoiceDoc]

    def to_json(self) -> dict[str, Any]:
        return {"invoices": [inv.to_json() for inv in self.invoices]}


def list_invoices(
    ctx: Ctx, month: str | None = None, client_code: str | None = None, status: str | None = None
) -> InvoiceList:
    query = select(Invoice, Client).join(Client, Client.id == Invoice.client_id)
    if month:
        from focco247.domain.instants import parse_month

        query = query.where(Invoice.month == month_str(*parse_month(month)))
    if client_code:
        query = query.where(Invoice.client_id == get_client(ctx, client_code).id)
    if status:
        if status not in ("issued", "void"):
            raise InputError("Invoice status must be issued or void.")
        query = query.where(Invoice.status == status)
    pairs = ctx.session.exec(query.order_by(Invoice.seq)).all()
    lines = _lines_of(ctx, [inv.id for inv, _ in pairs])
    return InvoiceList([_issued_doc(ctx, c, inv, lines.get(inv.id, [])) for inv, c in pairs])


def void_invoice(ctx: Ctx, number: str, reason: str) -> InvoiceDoc:
    """Void an issued invoice: it keeps its number, and its items go back to be billed again."""
    if not reason or not reason.strip():
        raise InputError("A void needs a reason (--reason).")
    inv = find_invoice(ctx, number)
    if inv.status == "void":
        raise StateError(f"Invoice {inv.number} is already void.")
    inv.status = "void"
    inv.void_reason = reason.strip()
    inv.voided_at = ctx.now
    ctx.session.add(inv)
    lines = _lines_of(ctx, [inv.id]).get(inv.id, [])
    for line in lines:
        if line.call_id is None or line.kind not in ("chargeable_hours", "adjustment"):
            continue
        call = ctx.session.get(Call, line.call_id)
        call.billed_cents -= line.amount_cents
        call.billed_minutes -= line.minutes_billed or 0
        call.billing_due = True
        ctx.session.add(call)
    ctx.record("invoice", inv.number, "voided", reason=inv.void_reason, month=inv.month)
    client = ctx.session.get(Client, inv.client_id)
    return _issued_doc(ctx, client, inv, lines)
