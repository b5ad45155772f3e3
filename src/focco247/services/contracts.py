"""Clients and their contracts (R4): GLT terms over time and 24|7 add-on periods."""

from __future__ import annotations

import re
from dataclasses import dataclass
from datetime import date
from decimal import Decimal

from focco247.domain.contacts import Contact, preferred_contact
from focco247.domain.contracts import AddonPeriod, GltTerm, addon_in_force, glt_in_force
from focco247.domain.money import from_centavos, money_str, to_centavos
from focco247.errors import InputError, NotFoundError, StateError
from focco247.i18n import _
from focco247.services.base import Ctx, get_client, row_id
from focco247.services.corrections import AdjustmentNote, settle_contract_change
from focco247.services.terms import addon_periods, contact_of, exceptional_call, glt_terms
from focco247.store.models import Client, GltTermRow, Subscription
from focco247.store.queries import clients as client_queries
from focco247.store.queries import contracts as contract_queries

_CODE = re.compile(r"^[A-Z0-9][A-Z0-9._-]{0,39}$")
_UF = {
    "AC", "AL", "AP", "AM", "BA", "CE", "DF", "ES", "GO", "MA", "MT", "MS", "MG", "PA",
    "PB", "PR", "PE", "PI", "RJ", "RN", "RS", "RO", "RR", "SC", "SP", "SE", "TO",
}  # fmt: skip


@dataclass(frozen=True)
class ClientView:
    code: str
    name: str
    state: str | None
    glt: tuple[GltTerm, ...] = ()
    addon: tuple[AddonPeriod, ...] = ()
    glt_today: GltTerm | None = None
    addon_today: AddonPeriod | None = None
    exceptional_used_call: int | None = None
    today: date | None = None
    contact_name: str | None = None
    contact_phone: str | None = None
    retired: bool = False
    retired_reason: str | None = None
    # What the change that produced this view adjusts in issued months (R19).
    adjustments: tuple[AdjustmentNote, ...] = ()
    contact: Contact | None = None  # the preferred contact (seed, Passo 3)


def normalise_code(code: str) -> str:
    wanted = code.strip().upper()
    if not _CODE.match(wanted):
        raise InputError(
            _("Client code {code} is not valid; use 1-40 letters, digits, '.', '_' or '-'.").format(
                code=repr(code)
            )
        )
    return wanted


def add_client(
    ctx: Ctx,
    code: str,
    name: str,
    state: str | None,
    contact_name: str | None = None,
    contact_phone: str | None = None,
) -> ClientView:
    wanted = normalise_code(code)
    if not name.strip():
        raise InputError(_("The client's name must not be empty."))
    uf = state.strip().upper() if state else None
    if uf is not None and uf not in _UF:
        raise InputError(
            _("State {state} is not a Brazilian UF (e.g. RS, SC, SP).").format(state=repr(state))
        )
    if client_queries.client_code_taken(ctx.session, wanted):
        raise InputError(_("Client {wanted} already exists.").format(wanted=wanted))
    contact = preferred_contact(contact_name, contact_phone)
    client = Client(
        code=wanted,
        name=name.strip(),
        state=uf,
        created_at=ctx.now,
        contact_name=contact.name if contact else None,
        contact_phone=contact.phone if contact else None,
    )
    ctx.session.add(client)
    ctx.session.flush()
    extra = {"contact_name": contact.name, "contact_phone": contact.phone} if contact else {}
    ctx.record("client", wanted, "added", name=client.name, state=uf, **extra)
    return client_view(ctx, client)  # the same shape as `client show`


def client_view(
    ctx: Ctx, client: Client, adjustments: tuple[AdjustmentNote, ...] = ()
) -> ClientView:
    today = ctx.now.astimezone(ctx.tz).date()
    client_id = row_id(client)
    terms = glt_terms(ctx, client_id)
    periods = addon_periods(ctx, client_id)
    return ClientView(
        client.code,
        client.name,
        client.state,
        glt=tuple(terms),
        addon=tuple(periods),
        glt_today=glt_in_force(terms, today),
        addon_today=addon_in_force(periods, today),
        exceptional_used_call=exceptional_call(ctx, client_id),
        today=today,
        contact_name=client.contact_name,
        contact_phone=client.contact_phone,
        retired=client.retired_at is not None,
        retired_reason=client.retired_reason,
        adjustments=adjustments,
        contact=contact_of(client),
    )


def show_client(ctx: Ctx, code: str) -> ClientView:
    return client_view(ctx, get_client(ctx, code))


def list_clients(ctx: Ctx, include_retired: bool = False) -> list[ClientView]:
    """Clients in code order; retired ones only when asked (`--all`)."""
    clients = client_queries.clients_by_code(ctx.session, include_retired=include_retired)
    return [client_view(ctx, c) for c in clients]


def set_glt(ctx: Ctx, code: str, monthly: Decimal, hourly_rate: Decimal, since: date) -> ClientView:
    """New GLT terms from `since` on; earlier terms stay in force before that date."""
    client = get_client(ctx, code)
    if monthly <= 0 or hourly_rate <= 0:
        raise InputError(_("The GLT monthly value and hourly rate must be greater than zero."))
    client_id = row_id(client)
    before = glt_terms(ctx, client_id)
    if contract_queries.glt_terms_start_on(ctx.session, client_id, since):
        raise StateError(
            _(
                "{code} already has GLT terms taking effect on {since}; terms are never "
                "rewritten: give the new terms their own start date."
            ).format(code=client.code, since=since.isoformat())
        )
    ctx.session.add(
        GltTermRow(
            client_id=client_id,
            since=since,
            monthly_cents=to_centavos(monthly),
            hourly_rate_cents=to_centavos(hourly_rate),
            created_at=ctx.now,
        )
    )
    ctx.record(
        "contract",
        client.code,
        "glt",
        since=since,
        monthly=money_str(monthly),
        hourly_rate=money_str(hourly_rate),
    )
    reason = _("GLT terms from {since}").format(since=since.isoformat())
    return _settled(ctx, client, reason, before)


def subscribe(ctx: Ctx, code: str, first_day: date, last_day: date | None) -> ClientView:
    """A 24|7 add-on period; it requires a GLT in force on its first day (R4)."""
    client = get_client(ctx, code)
    if last_day is not None and last_day < first_day:
        raise InputError(_("The add-on's last day comes before its first day."))
    client_id = row_id(client)
    if glt_in_force(glt_terms(ctx, client_id), first_day) is None:
        raise StateError(
            _(
                "{code} has no GLT contract in force on {first_day}; record the GLT "
                "terms first (focco247 contract glt)."
            ).format(code=client.code, first_day=first_day.isoformat())
        )
    new = AddonPeriod(first_day, last_day)
    for period in addon_periods(ctx, client_id):
        if period.overlaps(new):
            until = period.last_day.isoformat() if period.last_day else "open-ended"
            raise StateError(
                _(
                    "{code} already has the 24|7 add-on from {first_day} ({until}); periods "
                    "must not overlap."
                ).format(code=client.code, first_day=period.first_day.isoformat(), until=until)
            )
    ctx.session.add(
        Subscription(
            client_id=client_id, first_day=first_day, last_day=last_day, created_at=ctx.now
        )
    )
    ctx.record("contract", client.code, "subscribed", first_day=first_day, last_day=last_day)
    reason = _("24|7 add-on from {first_day}").format(first_day=first_day.isoformat())
    return _settled(ctx, client, reason)


def unsubscribe(ctx: Ctx, code: str, last_day: date) -> ClientView:
    """End the add-on period that covers `last_day` (or the open one) on that day."""
    client = get_client(ctx, code)
    rows = contract_queries.subscriptions(ctx.session, row_id(client))
    target = next((r for r in rows if AddonPeriod(r.first_day, r.last_day).covers(last_day)), None)
    if target is None:
        target = next((r for r in rows if r.last_day is None), None)
    if target is None:
        raise StateError(_("{code} has no 24|7 add-on in force to end.").format(code=client.code))
    if last_day < target.first_day:
        raise InputError(
            _("The last day {last_day} comes before the add-on's first day {first_day}.").format(
                last_day=last_day.isoformat(), first_day=target.first_day.isoformat()
            )
        )
    previous = target.last_day
    target.last_day = last_day
    ctx.session.add(target)
    ctx.record(
        "contract",
        client.code,
        "unsubscribed",
        first_day=target.first_day,
        last_day=last_day,
        previous_last_day=previous,
    )
    reason = _("24|7 add-on ended on {last_day}").format(last_day=last_day.isoformat())
    return _settled(ctx, client, reason)


def _settled(
    ctx: Ctx, client: Client, reason: str, terms_before: list[GltTerm] | None = None
) -> ClientView:
    """The client's view after a contract change, with what it adjusts in issued months."""
    ctx.session.flush()
    client_id = row_id(client)
    after = glt_terms(ctx, client_id)
    notes = settle_contract_change(
        ctx, client, reason, after if terms_before is None else terms_before, after
    )
    for note in notes:
        ctx.record(
            "contract",
            client.code,
            "adjustment",
            month=note.month,
            amount=money_str(note.amount),
            reason=note.reason,
            call_id=note.call_id,
        )
    return client_view(ctx, client, notes)


def _reason(reason: str | None) -> str:
    if reason is None or not reason.strip():
        raise InputError(_("A correction needs a reason (--reason)."))
    return reason.strip()


def amend_contract(
    ctx: Ctx,
    code: str,
    *,
    reason: str | None,
    glt_since: date | None = None,
    monthly: Decimal | None = None,
    hourly_rate: Decimal | None = None,
    since: date | None = None,
    addon_first_day: date | None = None,
    first_day: date | None = None,
    last_day: date | None = None,
    open_ended: bool = False,
) -> ClientView:
    """`contract amend`: GLT terms (named by --glt-since) or an add-on period (named by
    --addon-first-day), never both in one command."""
    if (glt_since is None) == (addon_first_day is None):
        raise InputError(_("Give either --glt-since (GLT terms) or --addon-first-day (add-on)."))
    if glt_since is not None:
        if first_day is not None or last_day is not None or open_ended:
            raise InputError(_("--first-day and --last-day amend an add-on period."))
        return amend_glt(
            ctx, code, glt_since, reason=reason, monthly=monthly, hourly_rate=hourly_rate,
            since=since,
        )  # fmt: skip
    if monthly is not None or hourly_rate is not None or since is not None:
        raise InputError(_("--monthly, --hourly-rate and --since amend GLT terms."))
    assert addon_first_day is not None
    return amend_addon(
        ctx, code, addon_first_day, reason=reason, first_day=first_day, last_day=last_day,
        open_ended=open_ended,
    )  # fmt: skip


def amend_glt(
    ctx: Ctx,
    code: str,
    glt_since: date,
    *,
    reason: str | None,
    monthly: Decimal | None = None,
    hourly_rate: Decimal | None = None,
    since: date | None = None,
) -> ClientView:
    """Correct GLT terms entered wrong (R19): the old values stay in the history."""
    why = _reason(reason)
    client = get_client(ctx, code)
    client_id = row_id(client)
    row = contract_queries.glt_row_on(ctx.session, client_id, glt_since)
    if row is None:
        raise NotFoundError(
            _("{code} has no GLT terms taking effect on {since}.").format(
                code=client.code, since=glt_since.isoformat()
            )
        )
    if monthly is None and hourly_rate is None and since is None:
        raise InputError(_("Say what to amend: --monthly, --hourly-rate or --since."))
    if (monthly is not None and monthly <= 0) or (hourly_rate is not None and hourly_rate <= 0):
        raise InputError(_("The GLT monthly value and hourly rate must be greater than zero."))
    if (
        since is not None
        and since != glt_since
        and contract_queries.glt_terms_start_on(ctx.session, client_id, since)
    ):
        raise StateError(
            _("{code} already has GLT terms taking effect on {since}.").format(
                code=client.code, since=since.isoformat()
            )
        )
    before = glt_terms(ctx, client_id)
    old = {
        "since": row.since.isoformat(),
        "monthly": money_str(from_centavos(row.monthly_cents)),
        "hourly_rate": money_str(from_centavos(row.hourly_rate_cents)),
    }
    if monthly is not None:
        row.monthly_cents = to_centavos(monthly)
    if hourly_rate is not None:
        row.hourly_rate_cents = to_centavos(hourly_rate)
    if since is not None:
        row.since = since
    ctx.session.add(row)
    new = {
        "since": row.since.isoformat(),
        "monthly": money_str(from_centavos(row.monthly_cents)),
        "hourly_rate": money_str(from_centavos(row.hourly_rate_cents)),
    }
    ctx.record("contract", client.code, "glt_amended", reason=why, old=old, new=new)
    return _settled(ctx, client, why, before)


def amend_addon(
    ctx: Ctx,
    code: str,
    addon_first_day: date,
    *,
    reason: str | None,
    first_day: date | None = None,
    last_day: date | None = None,
    open_ended: bool = False,
) -> ClientView:
    """Correct an add-on period's dates (R19): the old dates stay in the history."""
    why = _reason(reason)
    client = get_client(ctx, code)
    client_id = row_id(client)
    rows = contract_queries.subscriptions(ctx.session, client_id)
    target = next((r for r in rows if r.first_day == addon_first_day), None)
    if target is None:
        raise NotFoundError(
            _("{code} has no 24|7 add-on period starting on {day}.").format(
                code=client.code, day=addon_first_day.isoformat()
            )
        )
    if first_day is None and last_day is None and not open_ended:
        raise InputError(_("Say what to amend: --first-day or --last-day."))
    new_first = first_day if first_day is not None else target.first_day
    new_last = None if open_ended else (last_day if last_day is not None else target.last_day)
    if new_last is not None and new_last < new_first:
        raise InputError(_("The add-on's last day comes before its first day."))
    if glt_in_force(glt_terms(ctx, client_id), new_first) is None:
        raise StateError(
            _(
                "{code} has no GLT contract in force on {new_first}; record the GLT "
                "terms first (focco247 contract glt)."
            ).format(code=client.code, new_first=new_first.isoformat())
        )
    amended = AddonPeriod(new_first, new_last)
    for other in rows:
        if other.id != target.id and AddonPeriod(other.first_day, other.last_day).overlaps(amended):
            raise StateError(
                _("{code}'s amended add-on period would overlap the one from {day}.").format(
                    code=client.code, day=other.first_day.isoformat()
                )
            )
    old = {"first_day": target.first_day, "last_day": target.last_day}
    target.first_day, target.last_day = new_first, new_last
    ctx.session.add(target)
    ctx.record(
        "contract",
        client.code,
        "addon_amended",
        reason=why,
        old=old,
        new={"first_day": new_first, "last_day": new_last},
    )
    return _settled(ctx, client, why)


def edit_client(
    ctx: Ctx,
    code: str,
    *,
    name: str | None = None,
    state: str | None = None,
    contact_name: str | None = None,
    contact_phone: str | None = None,
    reason: str | None = None,
) -> ClientView:
    """Correct a client's name, state or contact; the old values stay in the history."""
    client = get_client(ctx, code)
    changes: dict[str, dict[str, str | None]] = {}

    def change(field: str, value: str | None) -> None:
        old = getattr(client, field)
        if value != old:
            changes[field] = {"old": old, "new": value}
            setattr(client, field, value)

    if name is not None:
        if not name.strip():
            raise InputError(_("The client's name must not be empty."))
        change("name", name.strip())
    if state is not None:
        uf = state.strip().upper()
        if uf not in _UF:
            raise InputError(
                _("State {state} is not a Brazilian UF (e.g. RS, SC, SP).").format(
                    state=repr(state)
                )
            )
        change("state", uf)
    if contact_name is not None:
        change("contact_name", contact_name.strip() or None)
    if contact_phone is not None:
        change("contact_phone", contact_phone.strip() or None)
    if name is None and state is None and contact_name is None and contact_phone is None:
        raise InputError(
            _("Say what to change: --name, --state, --contact-name or --contact-phone.")
        )
    if changes:
        ctx.session.add(client)
        detail: dict[str, object] = {"changes": changes}
        if reason and reason.strip():
            detail["reason"] = reason.strip()
        ctx.record("client", client.code, "edited", **detail)
    return client_view(ctx, client)


def retire_client(ctx: Ctx, code: str, reason: str | None) -> ClientView:
    """A client who left: kept for history and billing, out of lists and completion."""
    why = _reason(reason)
    client = get_client(ctx, code)
    if client.retired_at is not None:
        raise StateError(_("Client {code} is already retired.").format(code=client.code))
    client.retired_at = ctx.now
    client.retired_reason = why
    ctx.session.add(client)
    ctx.record("client", client.code, "retired", reason=why)
    return client_view(ctx, client)
