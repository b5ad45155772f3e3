"""Views of clients, contracts and the entitlement check."""

from __future__ import annotations

from collections.abc import Sequence
from typing import TYPE_CHECKING

from focco247.domain.contracts import AddonPeriod, GltTerm
from focco247.domain.entitlement import Verdict
from focco247.domain.instants import iso_local
from focco247.domain.money import money_str
from focco247.i18n import _
from focco247.output.console import brl, line, panel, table, when
from focco247.output.labels import verdict_label

if TYPE_CHECKING:  # the result types only: output never calls a service
    from zoneinfo import ZoneInfo

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


def show_check(result: CheckResult) -> None:
    """The verdict prominent and coloured, then why, the holiday and the next opening."""
    j = result.judgement
    verdict = j.verdict.value
    style = VERDICT_STYLE.get(verdict, "bold")
    label = verdict_label(verdict).upper()
    lines = [
        _("Client:   {code} ({name})").format(code=result.client, name=result.client_name),
        _("Product:  {product}").format(product=result.product),
        _("At:       {when} ({zone})").format(when=when(result.at, result.tz), zone=result.tz.key),
        _("Why:      {reason}").format(reason=j.reason),
    ]
    if j.holiday:
        lines.append(_("Holiday:  {name}").format(name=j.holiday))
    if j.verdict.value != "business_hours":
        lines.append(
            _("Regular support opens: {when}").format(when=when(j.next_business_open, result.tz))
        )
    if verdict == "refused":
        lines.append(
            _("To buy the 24|7 add-on, sales: {phone}, {email}").format(
                phone=result.sales_phone, email=result.sales_email
            )
        )
    if verdict == "business_hours":
        lines.append(_("Use the regular support channels."))
    panel(f"{label}", lines, style=style.split()[-1])


def show_client(view: ClientView) -> None:
    glt = view.glt_today
    lines = [f"Name:   {view.name}", f"State:  {view.state or '-'}"]
    if glt:
        lines.append(
            f"GLT in force: {brl(glt.monthly)}/month, {brl(glt.hourly_rate)}/hour "
            f"(since {glt.since.isoformat()})"
        )
    else:
        lines.append("GLT in force: none")
    lines.append(f"24|7 add-on today: {'yes' if view.addon_today else 'no'}")
    if view.exceptional_used_call is not None:
        lines.append(f"Exceptional service used: call #{view.exceptional_used_call}")
    else:
        lines.append("Exceptional service: not used")
    panel(view.code, lines)
    if view.glt:
        table(
            "GLT terms",
            ["since", "monthly", "hourly rate"],
            [(t.since.isoformat(), brl(t.monthly), brl(t.hourly_rate)) for t in view.glt],
            justify={"monthly": "right", "hourly rate": "right"},
        )
    if view.addon:
        table(
            "24|7 add-on",
            ["first day", "last day"],
            [
                (p.first_day.isoformat(), p.last_day.isoformat() if p.last_day else "open")
                for p in view.addon
            ],
        )


def show_clients(views: Sequence[ClientView]) -> None:
    if not views:
        line("No clients yet. Add one with: focco247 client add CODE --name NAME")
        return
    table(
        None,
        ["code", "name", "state", "GLT monthly", "24|7", "exceptional"],
        [
            (
                v.code,
                v.name,
                v.state or "",
                brl(v.glt_today.monthly) if v.glt_today else "-",
                "yes" if v.addon_today else "no",
                "used" if v.exceptional_used_call is not None else "",
            )
            for v in views
        ],
        justify={"GLT monthly": "right"},
    )


def client_added(view: ClientView) -> None:
    line(f"Added client {view.code} ({view.name}).", style="green")


def glt_recorded(view: ClientView, since: str) -> None:
    line(f"GLT terms for {view.code} take effect on {since}.", style="green")


def subscribed(view: ClientView, since: str) -> None:
    line(f"{view.code} has the 24|7 add-on from {since}.", style="green")


def unsubscribed(view: ClientView, last_day: str) -> None:
    line(f"{view.code}'s 24|7 add-on ends after {last_day}.", style="green")


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
        "reason": j.reason,
        "next_business_open": iso_local(j.next_business_open, result.tz),
        "sales": (
            {"phone": result.sales_phone, "email": result.sales_email}
            if j.verdict is Verdict.REFUSED
            else None
        ),
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
    }


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
