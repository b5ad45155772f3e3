"""Monthly invoicing (R5, R13, R15, R16): drafts, issuing exactly once, voids, listings.

A draft reads only what the month needs: the clients' contracts, the month's live invoices,
and the calls whose billing changed (`Call.billing_due`), so its cost follows the month,
not the years of history behind it.

Issuing has one engine: `plan_issue` computes an invoice's number, its stored columns, the
billing columns of the calls it settles and its audit detail; `issue_draft` writes one plan
(`invoice month --issue`), the synthetic book writes many in bulk (`services.seed`).
"""

from __future__ import annotations

from collections import defaultdict
from collections.abc import Callable, Sequence
from dataclasses import dataclass
from datetime import UTC, date, datetime, time, timedelta
from decimal import Decimal
from zoneinfo import ZoneInfo

from focco247.domain import billing
from focco247.domain.contracts import AddonPeriod, GltTerm
from focco247.domain.instants import month_bounds, month_str, previous_month
from focco247.domain.money import from_centavos, money_str, to_centavos
from focco247.errors import InputError, NotFoundError, StateError
from focco247.i18n import _, in_language
from focco247.services.base import Ctx, get_client
from focco247.store.models import Call, Client, Invoice, InvoiceLine
from focco247.store.queries import adjustments as adj_q
from focco247.store.queries import invoices as q

RESOLVED = ("resolved", "closed")
CANCELLED = "cancelled"
_SETTLING = (billing.LineKind.CHARGEABLE_HOURS, billing.LineKind.ADJUSTMENT)


@dataclass(frozen=True)
class InvoiceDoc:
    """One invoice as the commands show it: a draft (no number) or an issued or void one."""

    client: str
    client_name: str
    month: str
    number: str | None
    status: str  # draft, issued, void
    lines: tuple[billing.DraftLine, ...]
    tz: ZoneInfo  # of the policy: issued_at is shown in it
    issued_at: datetime | None = None
    void_reason: str | None = None

    @property
    def total(self) -> Decimal:
        return sum((line.amount for line in self.lines), Decimal("0.00"))


@dataclass(frozen=True)
class MonthResult:
    month: str
    issued: bool
    invoices: tuple[InvoiceDoc, ...] = ()
    newly_issued: tuple[str, ...] = ()

    @property
    def total(self) -> Decimal:
        return sum((inv.total for inv in self.invoices), Decimal("0.00"))


@dataclass(frozen=True)
class InvoiceList:
    invoices: tuple[InvoiceDoc, ...]


# --- the issuing engine ----------------------------------------------------------------------


@dataclass(frozen=True)
class LineColumns:
    """The stored columns of one invoice line."""

    position: int
    kind: str
    description: str
    call_id: int | None
    minutes_logged: int | None
    minutes_billed: int | None
    hourly_rate_cents: int | None
    amount_cents: int
    adjusts_month: str | None = None
    reason: str | None = None
    adjustment_id: int | None = None  # the recorded adjustment the line bills


@dataclass(frozen=True)
class Settlement:
    """What an issued invoice adds to one call's billing columns (and clears `billing_due`)."""

    call_id: int
    cents: int
    minutes: int


@dataclass(frozen=True)
class IssuePlan:
    """Everything issuing one draft writes, computed once for every way of writing it."""

    seq: int
    number: str
    client_id: int
    client_code: str
    month: str
    total: Decimal
    lines: tuple[LineColumns, ...]
    settlements: tuple[Settlement, ...]

    @property
    def total_cents(self) -> int:
        return to_centavos(self.total)

    def audit_detail(self) -> dict[str, str | int]:
        """The detail of the `invoice issued` audit event."""
        return {
            "client": self.client_code,
            "month": self.month,
            "total": money_str(self.total),
            "lines": len(self.lines),
        }


def invoice_number(prefix: str, seq: int) -> str:
    return f"{prefix}{seq:06d}"


def plan_issue(
    prefix: str, seq: int, client_id: int, client_code: str, draft: billing.Draft
) -> IssuePlan:
    """Freeze one draft as invoice number `seq`: its lines' columns and the calls it settles."""
    lines: list[LineColumns] = []
    settled: dict[int, tuple[int, int]] = {}
    for position, line in enumerate(draft.lines, start=1):
        amount = to_centavos(line.amount)
        lines.append(
            LineColumns(
                position=position,
                kind=line.kind.value,
                description=line.description,
                call_id=line.call_id,
                minutes_logged=line.minutes_logged,
                minutes_billed=line.minutes_billed,
                hourly_rate_cents=to_centavos(line.hourly_rate) if line.hourly_rate else None,
                amount_cents=amount,
                adjusts_month=line.adjusts_month,
                reason=line.reason,
                adjustment_id=line.adjustment_id,
            )
        )
        if line.kind in _SETTLING and line.call_id is not None:
            cents, minutes = settled.get(line.call_id, (0, 0))
            settled[line.call_id] = (cents + amount, minutes + (line.minutes_billed or 0))
    return IssuePlan(
        seq=seq,
        number=invoice_number(prefix, seq),
        client_id=client_id,
        client_code=client_code,
        month=draft.month,
        total=draft.total,
        lines=tuple(lines),
        settlements=tuple(Settlement(cid, c, m) for cid, (c, m) in settled.items()),
    )


def issue_draft(
    ctx: Ctx, client: Client, draft: billing.Draft, *, seq: int | None = None
) -> InvoiceDoc:
    """Issue one draft inside the command's transaction: number `seq` (by default the next
    gapless one: the writer holds the store's write lock, so max + 1 is safe), its lines, its
    calls settled, the audit event. A statement per table, no row objects: a month issues
    hundreds of invoices."""
    session = ctx.session
    if session.dirty:
        session.flush()  # changed rows first: the statements below go behind the session
    number = seq if seq is not None else q.max_seq(session) + 1
    plan = plan_issue(ctx.invoice_prefix, number, _id(client), client.code, draft)
    [invoice_id] = q.insert_invoices(
        session,
        [
            {
                "seq": plan.seq,
                "number": plan.number,
                "client_id": plan.client_id,
                "month": plan.month,
                "status": "issued",
                "issued_at": ctx.now,
                "issued_by": ctx.actor,
                "total_cents": plan.total_cents,
            }
        ],
    )
    q.insert_lines(
        session,
        [
            {
                "invoice_id": invoice_id,
                "position": line.position,
                "kind": line.kind,
                "description": line.description,
                "call_id": line.call_id,
                "minutes_logged": line.minutes_logged,
                "minutes_billed": line.minutes_billed,
                "hourly_rate_cents": line.hourly_rate_cents,
                "amount_cents": line.amount_cents,
                "adjusts_month": line.adjusts_month,
                "reason": line.reason,
            }
            for line in plan.lines
        ],
    )
    bound = [line.adjustment_id for line in plan.lines if line.adjustment_id is not None]
    if bound:
        adj_q.bind(session, bound, invoice_id)
    settled = [s.call_id for s in plan.settlements]
    changed = q.settle_calls(
        session.connection(),
        [{"call": s.call_id, "cents": s.cents, "minutes": s.minutes} for s in plan.settlements],
    )
    if changed != len(settled) and (missing := q.missing_calls(session, settled)):
        raise StateError(
            _("Call {call_id} is billed on an invoice but is not in the store.").format(
                call_id=missing[0]
            )
        )
    q.expire_calls(session, settled)
    ctx.record("invoice", plan.number, "issued", **plan.audit_detail())
    return InvoiceDoc(
        client.code,
        client.name,
        plan.month,
        plan.number,
        "issued",
        tuple(_stored_line(line) for line in plan.lines),
        ctx.tz,
        issued_at=ctx.now,
    )


def resolve_month(ctx: Ctx, text: str | None, previous: bool) -> tuple[int, int]:
    """YYYY-MM, or --previous (the month before today in the policy time zone)."""
    from focco247.domain.instants import parse_month

    if text and previous:
        raise InputError(_("Give either a month or --previous, not both."))
    today = ctx.now.astimezone(ctx.tz).date()
    if previous:
        return previous_month(today)
    if text:
        return parse_month(text)
    return today.year, today.month


def rules_of(ctx: Ctx, month: tuple[int, int] | None = None) -> billing.BillingRules:
    """The money rules of a month: those in force on its first day (R20); without a month,
    today's."""
    p = ctx.billing_policy(*month) if month is not None else ctx.policy
    return billing.BillingRules(
        fee_percent=p.fee_percent,
        minimum_minutes=p.minimum_chargeable_minutes,
        rounding_minutes=p.rounding_minutes,
        money_rounding=p.money_rounding,
    )


def _local_start(day: date, ctx: Ctx) -> datetime:
    return datetime.combine(day, time(0), tzinfo=ctx.tz).astimezone(UTC)


def _id(row: Client | Invoice | InvoiceLine | Call) -> int:
    if row.id is None:
        raise StateError(_("A {name} row has no id yet.").format(name=type(row).__name__.lower()))
    return row.id


def _call(ctx: Ctx, call_id: int) -> Call:
    call = ctx.session.get(Call, call_id)
    if call is None:
        raise StateError(
            _("Call {call_id} is billed on an invoice but is not in the store.").format(
                call_id=call_id
            )
        )
    return call


def _client(ctx: Ctx, client_id: int) -> Client:
    client = ctx.session.get(Client, client_id)
    if client is None:
        raise StateError(
            _("An invoice names client {client_id}, which is not in the store.").format(
                client_id=client_id
            )
        )
    return client


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
                _(
                    "{label} has not ended yet; invoices are issued once the month is over "
                    "(run without --issue for a draft)."
                ).format(label=label)
            )
    session = ctx.session
    clients = [get_client(ctx, client_code)] if client_code else q.clients_by_code(session)
    if not clients:
        return MonthResult(label, issue)
    one = _id(clients[0]) if client_code is not None else None

    live = {inv.client_id: inv for inv in q.live_invoices(session, label, one)}
    live_lines = q.lines_of(session, [_id(inv) for inv in live.values()])

    pending = {_id(c) for c in clients if c.id not in live}
    terms, periods = _contracts(ctx, pending, one)
    calls = _due_calls(ctx, pending, one)
    waiting = _pending_adjustments(ctx, pending, one)
    offsets = _fee_offsets(ctx, label, pending, one)
    exceptional = _exceptional_calls(ctx, first, last, one)
    rules = rules_of(ctx, (year, month))

    docs: list[InvoiceDoc] = []
    to_issue: list[tuple[Client, billing.Draft]] = []
    for client in clients:
        cid = _id(client)
        if cid in live:
            inv = live[cid]
            docs.append(_issued_doc(ctx, client, inv, live_lines.get(_id(inv), [])))
            continue
        # Line descriptions go to the client: the documents' language (SPEC §5).
        with in_language(ctx.policy.documents_language):
            draft = billing.build_draft(
                year,
                month,
                glt_terms=terms.get(cid, []),
                addon_periods=periods.get(cid, []),
                calls=calls.get(cid, []),
                exceptional_calls=exceptional.get(cid, []),
                rules=rules,
                adjustments=waiting.get(cid, []),
                fee_adjusted=offsets.get(cid, []),
            )
        if issue:
            _settle_quiet_calls(ctx, calls.get(cid, []), terms.get(cid, []), last, rules)
        if not draft.billable:
            continue
        if issue:
            to_issue.append((client, draft))
        else:
            docs.append(_draft_doc(ctx, client, draft))
    newly: list[str] = []
    next_seq = q.max_seq(session) + 1 if to_issue else 0
    for done, (client, draft) in enumerate(to_issue, start=1):
        doc = issue_draft(ctx, client, draft, seq=next_seq + done - 1)
        docs.append(doc)
        newly.append(doc.number or "")
        if progress:
            progress(done, len(to_issue))
    docs.sort(key=lambda inv: inv.client)
    # Issued when every invoice of the document is, by this run or an earlier one.
    issued = issue or (bool(docs) and all(doc.status == "issued" for doc in docs))
    return MonthResult(label, issued, tuple(docs), tuple(newly))


def _settle_quiet_calls(
    ctx: Ctx,
    calls: Sequence[billing.CallForBilling],
    terms: Sequence[GltTerm],
    last: date,
    rules: billing.BillingRules,
) -> None:
    """Flagged calls resolved by the month's end that need no line (e.g. never billed and no
    longer chargeable) stop being read by later drafts."""
    for item in calls:
        if item.resolved_on is None or not billing.call_due_by(item, last):
            continue
        if billing.call_line(item, terms, rules) is None:
            row = _call(ctx, item.call_id)
            row.billing_due = False
            ctx.session.add(row)


def _contracts(
    ctx: Ctx, client_ids: set[int], one: int | None
) -> tuple[dict[int, list[GltTerm]], dict[int, list[AddonPeriod]]]:
    terms: dict[int, list[GltTerm]] = defaultdict(list)
    periods: dict[int, list[AddonPeriod]] = defaultdict(list)
    if not client_ids:
        return terms, periods
    for row in q.glt_rows(ctx.session, one):
        if row.client_id in client_ids:
            terms[row.client_id].append(
                GltTerm(
                    row.since,
                    from_centavos(row.monthly_cents),
                    from_centavos(row.hourly_rate_cents),
                )
            )
    for sub in q.subscription_rows(ctx.session, one):
        if sub.client_id in client_ids:
            periods[sub.client_id].append(AddonPeriod(sub.first_day, sub.last_day))
    return terms, periods


def _due_calls(
    ctx: Ctx, client_ids: set[int], one: int | None
) -> dict[int, list[billing.CallForBilling]]:
    """Calls whose billing changed since they were last settled, as billing inputs."""
    out: dict[int, list[billing.CallForBilling]] = defaultdict(list)
    if not client_ids:
        return out
    rows = [c for c in q.due_calls(ctx.session, one) if c.client_id in client_ids]
    minutes = q.logged_minutes(ctx.session, [c.id for c in rows])
    # A billed call changed by code that did not note the instant: its latest audit event.
    unknown = [
        c.id
        for c in rows
        if c.billing_changed_at is None and (c.billed_cents != 0 or c.billed_minutes != 0)
    ]
    latest = adj_q.latest_call_events(ctx.session, unknown) if unknown else {}
    for call in rows:
        resolved = call.resolved_at if call.status in RESOLVED else None
        changed = call.billing_changed_at or latest.get(call.id)
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
                changed_on=changed.astimezone(ctx.tz).date() if changed else None,
            )
        )
    return out


def _pending_adjustments(
    ctx: Ctx, client_ids: set[int], one: int | None
) -> dict[int, list[billing.PendingAdjustment]]:
    """Recorded adjustments not yet on a live invoice, as billing inputs (R15, R19)."""
    out: dict[int, list[billing.PendingAdjustment]] = defaultdict(list)
    if not client_ids:
        return out
    for row in adj_q.pending(ctx.session, one):
        if row.client_id in client_ids:
            out[row.client_id].append(
                billing.PendingAdjustment(
                    row.id,
                    row.adjusts_month,
                    from_centavos(row.amount_cents),
                    row.reason,
                    row.recorded_at.astimezone(ctx.tz).date(),
                )
            )
    return out


def _fee_offsets(
    ctx: Ctx, month: str, client_ids: set[int], one: int | None
) -> dict[int, list[tuple[Decimal, str]]]:
    """Adjustments already recorded for a month that has no live invoice (its invoice was
    voided after they were recorded): the new invoice's fee line is offset by them."""
    out: dict[int, list[tuple[Decimal, str]]] = defaultdict(list)
    if not client_ids:
        return out
    for (cid, _kind), entries in adj_q.fee_entries(ctx.session, one, month).items():
        if cid in client_ids:
            out[cid].extend(
                (from_centavos(cents), reason or "") for cents, reason, source in entries
                if source != "fee"
            )  # fmt: skip
    return out


def _exceptional_calls(
    ctx: Ctx, first: date, last: date, one: int | None
) -> dict[int, list[tuple[int, date]]]:
    """Exceptional services opened in the month: information lines on that month's invoice."""
    start = _local_start(first, ctx)
    end = _local_start(last + timedelta(days=1), ctx)
    out: dict[int, list[tuple[int, date]]] = defaultdict(list)
    for cid, call_id, opened in q.exceptional_calls(ctx.session, start, end, one):
        out[cid].append((call_id, opened.astimezone(ctx.tz).date()))
    return out


def _stored_line(line: InvoiceLine | LineColumns) -> billing.DraftLine:
    """A line as it reads back from the store (or as issuing is about to store it)."""
    return billing.DraftLine(
        billing.LineKind(line.kind),
        line.description,
        from_centavos(line.amount_cents),
        line.call_id,
        line.minutes_logged,
        line.minutes_billed,
        from_centavos(line.hourly_rate_cents) if line.hourly_rate_cents is not None else None,
        adjusts_month=line.adjusts_month,
        reason=line.reason,
    )


def _draft_doc(ctx: Ctx, client: Client, draft: billing.Draft) -> InvoiceDoc:
    return InvoiceDoc(
        client.code, client.name, draft.month, None, "draft", tuple(draft.lines), ctx.tz
    )


def _issued_doc(ctx: Ctx, client: Client, inv: Invoice, lines: Sequence[InvoiceLine]) -> InvoiceDoc:
    return InvoiceDoc(
        client.code,
        client.name,
        inv.month,
        inv.number,
        inv.status,
        tuple(_stored_line(line) for line in lines),
        ctx.tz,
        issued_at=inv.issued_at,
        void_reason=inv.void_reason,
    )


# --- one invoice, the list, voids ---------------------------------------------------------------


def find_invoice(ctx: Ctx, number: str) -> Invoice:
    wanted = number.strip()
    inv = q.invoice_by_number(ctx.session, wanted)
    if inv is None and wanted.isdigit():
        inv = q.invoice_by_seq(ctx.session, int(wanted))
    if inv is None:
        raise NotFoundError(_("Unknown invoice {number}.").format(number=repr(number)))
    return inv


def show_invoice(ctx: Ctx, number: str) -> InvoiceDoc:
    inv = find_invoice(ctx, number)
    client = _client(ctx, inv.client_id)
    return _issued_doc(ctx, client, inv, q.lines_of(ctx.session, [_id(inv)]).get(_id(inv), []))


def list_invoices(
    ctx: Ctx, month: str | None = None, client_code: str | None = None, status: str | None = None
) -> InvoiceList:
    wanted_month = None
    if month:
        from focco247.domain.instants import parse_month

        wanted_month = month_str(*parse_month(month))
    client_id = _id(get_client(ctx, client_code)) if client_code else None
    if status and status not in ("issued", "void"):
        raise InputError(_("Invoice status must be issued or void."))
    pairs = q.invoices_with_clients(ctx.session, wanted_month, client_id, status)
    lines = q.lines_of(ctx.session, [_id(inv) for inv, _ in pairs])
    return InvoiceList(tuple(_issued_doc(ctx, c, inv, lines.get(_id(inv), [])) for inv, c in pairs))


def void_invoice(ctx: Ctx, number: str, reason: str) -> InvoiceDoc:
    """Void an issued invoice: it keeps its number, and its items go back to be billed again."""
    if not reason or not reason.strip():
        raise InputError(_("A void needs a reason (--reason)."))
    inv = find_invoice(ctx, number)
    if inv.status == "void":
        raise StateError(_("Invoice {number} is already void.").format(number=inv.number))
    inv.status = "void"
    inv.void_reason = reason.strip()
    inv.voided_at = ctx.now
    ctx.session.add(inv)
    lines = q.lines_of(ctx.session, [_id(inv)]).get(_id(inv), [])
    for line in lines:
        if line.call_id is None or line.kind not in ("chargeable_hours", "adjustment"):
            continue
        call = _call(ctx, line.call_id)
        call.billed_cents -= line.amount_cents
        call.billed_minutes -= line.minutes_billed or 0
        call.billing_due = True
        ctx.session.add(call)
    adj_q.release(ctx.session, _id(inv))
    ctx.record("invoice", inv.number, "voided", reason=inv.void_reason, month=inv.month)
    return _issued_doc(ctx, _client(ctx, inv.client_id), inv, lines)
