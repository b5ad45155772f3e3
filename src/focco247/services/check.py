"""The attendant's first question (R7): is this contact served by the 24|7 line now?"""

from __future__ import annotations

import difflib
from dataclasses import dataclass
from datetime import datetime
from zoneinfo import ZoneInfo

from focco247.domain.calls import require_text
from focco247.domain.contacts import Contact, same_person
from focco247.domain.entitlement import Judgement, Verdict, judge
from focco247.errors import InputError
from focco247.i18n import _
from focco247.services.base import ClientFacts, Ctx, client_facts, row_id
from focco247.services.terms import addon_periods, contact_of, exceptional_call, glt_terms


@dataclass(frozen=True)
class CheckResult:
    client: str
    client_name: str
    product: str
    at: datetime
    judgement: Judgement
    sales_phone: str
    sales_email: str
    tz: ZoneInfo
    contact: Contact | None = None  # the client's preferred contact
    caller: str | None = None  # who is calling, when the attendant said
    caller_is_contact: bool | None = None  # None: no caller given

    @property
    def caller_is_someone_else(self) -> bool:
        """A caller was named, the client has a preferred contact, and it is not them."""
        return self.caller is not None and self.contact is not None and not self.caller_is_contact

    @property
    def verdict(self) -> Verdict:
        return self.judgement.verdict


def resolve_product(ctx: Ctx, product: str | None) -> str:
    """The product named (case-insensitive), FoccoERP by default; unknown names are refused."""
    names = list(ctx.policy.products)
    if product is None:
        return "FoccoERP" if "FoccoERP" in ctx.policy.products else names[0]
    for name in names:
        if name.lower() == product.strip().lower():
            return name
    # Compare case-insensitively: "lojas" should still suggest FoccoLOJAS.
    lowered = {name.lower(): name for name in names}
    wanted = product.strip().lower()
    close = [lowered[n] for n in difflib.get_close_matches(wanted, lowered, n=3, cutoff=0.5)]
    close += [name for name in names if wanted and wanted in name.lower() and name not in close]
    hint = (
        _(" Did you mean {names}?").format(names=", ".join(close))
        if close
        else _(" Known: {names}.").format(names=", ".join(names))
    )
    raise InputError(_("Unknown product {product!r}.").format(product=product) + hint)


def judge_client(ctx: Ctx, client: ClientFacts, at: datetime, product: str) -> Judgement:
    """Judged by the policy in force on the instant's local date (R20)."""
    client_id = row_id(client)
    policy = ctx.policy_on(at.astimezone(ctx.tz).date())
    return judge(
        at,
        product,
        calendar=ctx.calendar_of(policy),
        products=policy.products,
        glt_terms=glt_terms(ctx, client_id),
        addon_periods=addon_periods(ctx, client_id),
        exceptional_used=exceptional_call(ctx, client_id) is not None,
        enforcement_start=policy.enforcement_start,
        product_hours=policy.product_hours,
    )


def check(
    ctx: Ctx, code: str, at: datetime | None, product: str | None, caller: str | None = None
) -> CheckResult:
    """Read-only: the exceptional service is used up only when a call is opened."""
    client = client_facts(ctx, code)
    name = resolve_product(ctx, product)
    who = require_text("The caller's name", caller) if caller is not None else None
    contact = contact_of(client)
    when = at or ctx.now
    return CheckResult(
        client.code,
        client.name,
        name,
        when,
        judge_client(ctx, client, when, name),
        ctx.policy.sales_phone,
        ctx.policy.sales_email,
        ctx.tz,
        contact=contact,
        caller=who,
        caller_is_contact=same_person(who, contact.name if contact else None)
        if who is not None
        else None,
    )
