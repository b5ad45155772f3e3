"""Views of clients, contracts and the entitlement check."""

from __future__ import annotations

from collections.abc import Mapping, Sequence
from datetime import time
from typing import TYPE_CHECKING

from focco247.domain.contracts import AddonPeriod, GltTerm
from focco247.domain.entitlement import Cause, Judgement, Verdict
from focco247.domain.instants import iso_local
from focco247.domain.money import money_str
from focco247.i18n import N_, _
from focco247.output.console import brl, line, note, panel, table, when
from focco247.output.labels import verdict_label

if TYPE_CHECKING:  # the result types only: output never calls a service
    from zoneinfo import ZoneInfo

    from focco247.domain.contacts import Contact
    from focco247.services.check import CheckResult
    from focco247.services.contracts import ClientView
    from focco247.services.demo import DemoResult

VERDICT_STYLE = {
    "covered": "bold green",
    "grace": "bold green",
    "exceptional": "bold yellow",
    "business_hours": "bold blue",
    "refused": "bold red",
}


_WEEKDAYS = (N_("Mon"), N_("Tue"), N_("Wed"), N_("Thu"), N_("Fri"), N_("Sat"), N_("Sun"))
_WEEKDAY_KEYS = ("monday", "tuesday", "wednesday", "thursday", "friday", "saturday", "sunday")

Hours = Mapping[int, tuple[tuple[time, time], ...]]


def _intervals(spans: tuple[tuple[time, time], ...]) -> list[str]:
    return [f"{a.strftime('%H:%M')}-{b.strftime('%H:%M')}" for a, b in spans]


def hours_text(hours: Hours) -> str:
    """Weekly support hours in one line: 'Mon-Fri 08:00-12:00, 13:30-18:00; Sat 08:00-12:00'
    (consecutive days with the same hours joined, closed days left out)."""
    groups: list[tuple[int, int, tuple[tuple[time, time], ...]]] = []
    for day in range(7):
        spans = tuple(hours.get(day, ()))
        if not spans:
            continue
        if groups and groups[-1][1] == day - 1 and groups[-1][2] == spans:
            groups[-1] = (groups[-1][0], day, spans)
        else:
            groups.append((day, day, spans))
    if not groups:
        return _("closed every day")
    parts = []
    for first, last, spans in groups:
        days = _(_WEEKDAYS[first]) + ("" if first == last else "-" + _(_WEEKDAYS[last]))
        parts.append(f"{days} {', '.join(_intervals(spans))}")
    return "; ".join(parts)


def hours_json(hours: Hours | None) -> dict[str, list[str]] | None:
    """Weekly hours in the policy's own shape: {"monday": ["08:00-12:00"], ...}."""
    if hours is None:
        return None
    return {key: _intervals(tuple(hours.get(day, ()))) for day, key in enumerate(_WEEKDAY_KEYS)}


def verdict_reason(j: Judgement, product: str) -> str:
    """Why, in one sentence: a product the add-on does not cover names its own hours."""
    if j.cause is Cause.PRODUCT_NOT_COVERED and j.product_hours is not None:
        return _(
            "{product} is not covered by the 24|7 add-on; its own support hours are {hours}."
        ).format(product=product, hours=hours_text(j.product_hours))
    return j.reason


def product_hours_line(product: str, hours: Hours) -> str:
    """Said instead of the add-on's sales pitch for a product with its own hours."""
    return _("{product} has its own support hours: {hours}.").format(
        product=product, hours=hours_text(hours)
    )


def contact_text(contact: Contact) -> str:
    return f"{contact.name}, {contact.phone}" if contact.phone else contact.name


def contact_lines(
    contact: Contact | None, caller: str | None, is_contact: bool | None
) -> list[str]:
    """The client's preferred contact, and a note when the caller is someone else."""
    if contact is None:
        return []
    lines = [_("Contact:  {contact} (preferred contact)").format(contact=contact_text(contact))]
    if caller is not None and not is_contact:
        lines.append(
            _(
                "Note:     {caller} is not the preferred contact; the client asks that "
                "calls go through {name}."
            ).format(caller=caller, name=contact.name)
        )
    return lines


def contact_json(contact: Contact | None) -> dict[str, object] | None:
    return {"name": contact.name, "phone": contact.phone} if contact else None


def show_check(result: CheckResult) -> None:
    """The verdict prominent and coloured, then why, the holiday and the next opening."""
    j = result.judgement
    verdict = j.verdict.value
    style = VERDICT_STYLE.get(verdict, "bold")
    label = verdict_label(verdict).upper()
    lines = [
        _("Client:   {code} ({name})").format(code=result.client, name=result.client_name),
        *contact_lines(result.contact, result.caller, result.caller_is_contact),
        _("Product:  {product}").format(product=result.product),
        _("At:       {when} ({zone})").format(when=when(result.at, result.tz), zone=result.tz.key),
        _("Why:      {reason}").format(reason=verdict_reason(j, result.product)),
    ]
    if j.holiday:
        lines.append(_("Holiday:  {name}").format(name=j.holiday))
    if j.verdict.value != "business_hours":
        lines.append(
            _("Regular support opens: {when}").format(when=when(j.next_business_open, result.tz))
        )
    if verdict == "refused" and j.product_hours is not None:
        lines.append(product_hours_line(result.product, j.product_hours))
    elif j.offers_addon:
        lines.append(
            _("To buy the 24|7 add-on, sales: {phone}, {email}").format(
                phone=result.sales_phone, email=result.sales_email
            )
        )
    if verdict == "business_hours":
        lines.append(_("Use the regular support channels."))
    panel(f"{label}", lines, style=style.split()[-1])


def _yes_no(value: object) -> str:
    return _("yes") if value else _("no")


def show_client(view: ClientView) -> None:
    glt = view.glt_today
    lines = [
        _("Name:   {name}").format(name=view.name),
        _("State:  {state}").format(state=view.state or "-"),
    ]
    if view.contact_name or view.contact_phone:
        contact = " ".join(x for x in (view.contact_name, view.contact_phone) if x)
        lines.append(_("Contact: {contact}").format(contact=contact))
    if view.retired:
        lines.append(_("Retired: {reason}").format(reason=view.retired_reason or ""))
    if glt:
        lines.append(
            _("GLT in force: {monthly}/month, {hourly}/hour (since {since})").format(
                monthly=brl(glt.monthly), hourly=brl(glt.hourly_rate), since=glt.since.isoformat()
            )
        )
    else:
        lines.append(_("GLT in force: none"))
    lines.append(_("24|7 add-on today: {answer}").format(answer=_yes_no(view.addon_today)))
    if view.exceptional_used_call is not None:
        lines.append(
            _("Exceptional service used: call #{call_id}").format(
                call_id=view.exceptional_used_call
            )
        )
    else:
        lines.append(_("Exceptional service: not used"))
    panel(view.code, lines)
    if view.glt:
        monthly, hourly = _("monthly"), _("hourly rate")
        table(
            _("GLT terms"),
            [_("since"), monthly, hourly],
            [(t.since.isoformat(), brl(t.monthly), brl(t.hourly_rate)) for t in view.glt],
            justify={monthly: "right", hourly: "right"},
        )
    if view.addon:
        table(
            _("24|7 add-on"),
            [_("first day"), _("last day")],
            [
                (p.first_day.isoformat(), p.last_day.isoformat() if p.last_day else _("open"))
                for p in view.addon
            ],
        )


def show_clients(views: Sequence[ClientView]) -> None:
    if not views:
        line(_("No clients yet. Add one with: focco247 client add CODE --name NAME"))
        return
    glt_monthly = _("GLT monthly")
    table(
        None,
        [_("code"), _("name"), _("state"), glt_monthly, "24|7", _("exceptional")],
        [
            (
                v.code,
                v.name,
                v.state or "",
                brl(v.glt_today.monthly) if v.glt_today else "-",
                _yes_no(v.addon_today),
                _("used") if v.exceptional_used_call is not None else "",
            )
            for v in views
        ],
        justify={glt_monthly: "right"},
    )


def client_added(view: ClientView) -> None:
    line(_("Added client {code} ({name}).").format(code=view.code, name=view.name), style="green")


def glt_recorded(view: ClientView, since: str) -> None:
    line(
        _("GLT terms for {code} take effect on {since}.").format(code=view.code, since=since),
        style="green",
    )
    adjustment_lines(view)


def subscribed(view: ClientView, since: str) -> None:
    line(
        _("{code} has the 24|7 add-on from {since}.").format(code=view.code, since=since),
        style="green",
    )
    adjustment_lines(view)


def unsubscribed(view: ClientView, last_day: str) -> None:
    line(
        _("{code}'s 24|7 add-on ends after {last_day}.").format(code=view.code, last_day=last_day),
        style="green",
    )
    adjustment_lines(view)


def adjustment_lines(view: ClientView) -> None:
    """What a change adjusts in issued months (R19), one line per month and cause."""
    for adj in view.adjustments:
        if adj.call_id is not None:
            text = _("Adjusts {month} (call #{call_id}): {amount} ({reason})")
        else:
            text = _("Adjusts {month}: {amount} ({reason})")
        line(
            text.format(
                month=adj.month, call_id=adj.call_id, amount=brl(adj.amount), reason=adj.reason
            ),
            style="yellow",
        )
    if view.adjustments:
        line(_("The adjustments go on {code}'s next draft.").format(code=view.code))


def glt_amended(view: ClientView) -> None:
    line(_("GLT terms of {code} amended.").format(code=view.code), style="green")
    adjustment_lines(view)


def addon_amended(view: ClientView) -> None:
    line(_("24|7 add-on period of {code} amended.").format(code=view.code), style="green")
    adjustment_lines(view)


def client_edited(view: ClientView) -> None:
    line(_("Client {code} updated ({name}).").format(code=view.code, name=view.name), style="green")


def client_retired(view: ClientView) -> None:
    line(
        _("Client {code} retired: kept for history, out of client lists.").format(code=view.code),
        style="green",
    )


def show_demo(result: DemoResult, tz: ZoneInfo) -> None:
    """What was loaded, then the tour: one check per line."""
    if result.loaded:
        line(
            _("Loaded demo clients: {codes}").format(codes=", ".join(result.loaded)),
            style="green",
        )
    if result.skipped:
        line(_("Already in the store: {codes}").format(codes=", ".join(result.skipped)))
    table(
        _("Is the client served by the 24|7 line?"),
        [_("when"), _("client"), _("product"), _("verdict"), _("situation")],
        [
            (
                when(stop.result.at, tz),
                stop.result.client,
                stop.result.product,
                verdict_label(stop.result.verdict.value),
                _(stop.story),  # the stories of data/demo.toml are in the catalog
            )
            for stop in result.tour
        ],
        styles=[VERDICT_STYLE.get(stop.result.verdict.value) for stop in result.tour],
    )
    line(_('Try: focco247 check ACME --at "2026-11-29 23:40"   |   focco247 client list'))
    line(
        _(
            "This is a demo store (its invoices are numbered DEMO-...); to start real work: "
            "focco247 db init --replace-demo"
        )
    )


def show_demo_store_created(store: str) -> None:
    """On stderr, so stdout stays the tour."""
    note(_("Created a demo store at {store}.").format(store=store))


# --- JSON --------------------------------------------------------------------------------


def check_json(result: CheckResult) -> dict[str, object]:
    j = result.judgement
    return {
        "client": result.client,
        "client_name": result.client_name,
        "product": result.product,
        "at": iso_local(result.at, result.tz),
        "verdict": j.verdict.value,
        "served": j.verdict.served,
        "off_hours": j.off_hours,
        "holiday": j.holiday,
        "reason": verdict_reason(j, result.product),
        "next_business_open": iso_local(j.next_business_open, result.tz),
        "sales": (
            {"phone": result.sales_phone, "email": result.sales_email} if j.offers_addon else None
        ),
        "product_hours": hours_json(j.product_hours) if j.verdict is Verdict.REFUSED else None,
        "preferred_contact": contact_json(result.contact),
        "caller": result.caller,
        "caller_is_preferred_contact": result.caller_is_contact,
    }


def client_json(view: ClientView) -> dict[str, object]:
    return {
        "code": view.code,
        "name": view.name,
        "state": view.state,
        "currency": "BRL",
        "glt": [_glt_json(t) for t in view.glt],
        "addon": [_period_json(p) for p in view.addon],
        "glt_in_force": _glt_json(view.glt_today) if view.glt_today else None,
        "addon_in_force": view.addon_today is not None,
        "exceptional_used": view.exceptional_used_call is not None,
        "exceptional_call_id": view.exceptional_used_call,
        "as_of": view.today.isoformat() if view.today else None,
        "contact_name": view.contact_name,
        "contact_phone": view.contact_phone,
        "retired": view.retired,
    }


def change_json(view: ClientView) -> dict[str, object]:
    """A contract change: the client as `client show` gives it, and what the change adjusts
    in issued months (an empty list when nothing)."""
    doc = client_json(view)
    doc["adjustments"] = [
        {
            "month": note.month,
            "amount": money_str(note.amount),
            "reason": note.reason,
            "call_id": note.call_id,
        }
        for note in view.adjustments
    ]
    return doc


def clients_json(views: Sequence[ClientView]) -> dict[str, object]:
    return {"clients": [client_json(v) for v in views]}


def demo_json(result: DemoResult) -> dict[str, object]:
    return {
        "loaded": list(result.loaded),
        "skipped": list(result.skipped),
        "tour": [{"story": stop.story, **check_json(stop.result)} for stop in result.tour],
    }


def _glt_json(term: GltTerm) -> dict[str, object]:
    return {
        "since": term.since.isoformat(),
        "monthly": money_str(term.monthly),
        "hourly_rate": money_str(term.hourly_rate),
    }


def _period_json(period: AddonPeriod) -> dict[str, object]:
    return {
        "first_day": period.first_day.isoformat(),
        "last_day": period.last_day.isoformat() if period.last_day else None,
    }
