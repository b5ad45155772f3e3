"""Clients and their contracts (R4): GLT terms over time and 24|7 add-on periods."""

from __future__ import annotations

import re
from dataclasses import dataclass
from datetime import date
from decimal import Decimal

from focco247.domain.contacts import Contact, preferred_contact
from focco247.domain.contracts import AddonPeriod, GltTerm, addon_in_force, glt_in_force
from focco247.domain.money import from_centavos, money_str, to_centavos
from focco247.errors import InputError, StateError
from focco247.services.base import Ctx, get_client, row_id
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
    contact: Contact | None = None  # the preferred contact (seed, Passo 3)


def normalise_code(code: str) -> str:
    wanted = code.strip().upper()
    if not _CODE.match(wanted):
        raise InputError(
            f"Client code {code!r} is not valid; use 1-40 letters, digits, '.', '_' or '-'."
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
        raise InputError("The client's name must not be empty.")
    uf = state.strip().upper() if state else None
    if uf is not None and uf not in _UF:
        raise InputError(f"State {state!r} is not a Brazilian UF (e.g. RS, SC, SP).")
    if client_queries.client_code_taken(ctx.session, wanted):
        raise InputError(f"Client {wanted} already exists.")
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


def glt_terms(ctx: Ctx, client_id: int) -> list[GltTerm]:
    rows = contract_queries.glt_rows(ctx.session, client_id)
    return [
        GltTerm(r.since, from_centavos(r.monthly_cents), from_centavos(r.hourly_rate_cents))
        for r in rows
    ]


def addon_periods(ctx: Ctx, client_id: int) -> list[AddonPeriod]:
    rows = contract_queries.subscriptions(ctx.session, client_id)
    return [AddonPeriod(r.first_day, r.last_day) for r in rows]


def exceptional_call(ctx: Ctx, client_id: int) -> int | None:
    """The call that used the client's one exceptional service, if any."""
    return contract_queries.exceptional_call_id(ctx.session, client_id)


def client_view(ctx: Ctx, client: Client) -> ClientView:
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
        contact=contact_of(client),
    )


def contact_of(client: Client) -> Contact | None:
    """The client's preferred contact, if one is recorded."""
    if not client.contact_name:
        return None
    return Contact(client.contact_name, client.contact_phone)


def show_client(ctx: Ctx, code: str) -> ClientView:
    return client_view(ctx, get_client(ctx, code))


def list_clients(ctx: Ctx) -> list[ClientView]:
    clients = client_queries.clients_by_code(ctx.session)
    return [client_view(ctx, c) for c in clients]


def set_glt(ctx: Ctx, code: str, monthly: Decimal, hourly_rate: Decimal, since: date) -> ClientView:
    """New GLT terms from `since` on; earlier terms stay in force before that date."""
    client = get_client(ctx, code)
    if monthly <= 0 or hourly_rate <= 0:
        raise InputError("The GLT monthly value and hourly rate must be greater than zero.")
    client_id = row_id(client)
    if contract_queries.glt_terms_start_on(ctx.session, client_id, since):
        raise StateError(
            f"{client.code} already has GLT terms taking effect on {since.isoformat()}; "
            "terms are never rewritten: give the new terms their own start date."
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
    return client_view(ctx, client)


def subscribe(ctx: Ctx, code: str, first_day: date, last_day: date | None) -> ClientView:
    """A 24|7 add-on period; it requires a GLT in force on its first day (R4)."""
    client = get_client(ctx, code)
    if last_day is not None and last_day < first_day:
        raise InputError("The add-on's last day comes before its first day.")
    client_id = row_id(client)
    if glt_in_force(glt_terms(ctx, client_id), first_day) is None:
        raise StateError(
            f"{client.code} has no GLT contract in force on {first_day.isoformat()}; "
            "record the GLT terms first (focco247 contract glt)."
        )
    new = AddonPeriod(first_day, last_day)
    for period in addon_periods(ctx, client_id):
        if period.overlaps(new):
            until = period.last_day.isoformat() if period.last_day else "open-ended"
            raise StateError(
                f"{client.code} already has the 24|7 add-on from "
                f"{period.first_day.isoformat()} ({until}); periods must not overlap."
            )
    ctx.session.add(
        Subscription(
            client_id=client_id, first_day=first_day, last_day=last_day, created_at=ctx.now
        )
    )
    ctx.record("contract", client.code, "subscribed", first_day=first_day, last_day=last_day)
    return client_view(ctx, client)


def unsubscribe(ctx: Ctx, code: str, last_day: date) -> ClientView:
    """End the add-on period that covers `last_day` (or the open one) on that day."""
    client = get_client(ctx, code)
    rows = contract_queries.subscriptions(ctx.session, row_id(client))
    target = next((r for r in rows if AddonPeriod(r.first_day, r.last_day).covers(last_day)), None)
    if target is None:
        target = next((r for r in rows if r.last_day is None), None)
    if target is None:
        raise StateError(f"{client.code} has no 24|7 add-on in force to end.")
    if last_day < target.first_day:
        raise InputError(
            f"The last day {last_day.isoformat()} comes before the add-on's first day "
            f"{target.first_day.isoformat()}."
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
    return client_view(ctx, client)
