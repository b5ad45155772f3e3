"""A client's contract as the rules read it: GLT terms, 24|7 add-on periods, the exceptional
service and the preferred contact (R4, R7), read through ctx.reads so `check` and
`call open` need no ORM on a SQLite store."""

from __future__ import annotations

from focco247.domain.contacts import Contact
from focco247.domain.contracts import AddonPeriod, GltTerm
from focco247.domain.money import from_centavos
from focco247.services.base import ClientFacts, Ctx


def glt_terms(ctx: Ctx, client_id: int) -> list[GltTerm]:
    rows = ctx.reads.glt_rows(client_id)
    return [
        GltTerm(r.since, from_centavos(r.monthly_cents), from_centavos(r.hourly_rate_cents))
        for r in rows
    ]


def addon_periods(ctx: Ctx, client_id: int) -> list[AddonPeriod]:
    rows = ctx.reads.subscriptions(client_id)
    return [AddonPeriod(r.first_day, r.last_day) for r in rows]


def exceptional_call(ctx: Ctx, client_id: int) -> int | None:
    """The call that used the client's one exceptional service, if any."""
    return ctx.reads.exceptional_call_id(client_id)


def contact_of(client: ClientFacts) -> Contact | None:
    """The client's preferred contact, if one is recorded."""
    if not client.contact_name:
        return None
    return Contact(client.contact_name, client.contact_phone)
