"""The sentences of a call's story: one per audit event (R18), and the warnings a call
carries. `call show` prints them; its JSON carries them as `text` and `warning`."""

from __future__ import annotations

from collections.abc import Mapping

from focco247.domain.durations import format_minutes
from focco247.i18n import N_, _

_WHERE = {
    "queued": N_("queued for a callback (attendant busy)"),
    "open": N_("opened as the active call"),
    "refused": N_("refused, not served by the 24|7 line"),
    "redirected": N_("redirected to the regular support channels"),
}


def _hm(value: object) -> str:
    """An ISO instant from an event detail as 'YYYY-MM-DD HH:MM' (already local)."""
    return str(value)[:16].replace("T", " ") if value else ""


def _mins(value: object) -> str:
    """Minutes from an event detail, as typed (`1h30m`)."""
    return format_minutes(int(value) if isinstance(value, int | float | str) else 0)


def describe(action: str, d: Mapping[str, object]) -> str:
    """One sentence per audit event: the story `call show` tells (R18)."""
    match action:
        case "opened":
            status = str(d.get("status", ""))
            where = _(_WHERE[status]) if status in _WHERE else status
            return _(
                "Contact at {opened_at} from {caller} about {product}: {verdict}, "
                "level {level}; {where}."
            ).format(
                opened_at=_hm(d.get("opened_at")),
                caller=d.get("caller"),
                product=d.get("product"),
                verdict=d.get("verdict"),
                level=d.get("level"),
                where=where,
            )
        case "taken":
            return _("Taken by the attendant (was {status}).").format(status=d.get("from"))
        case "parked":
            return _("Parked, attendant freed: {reason}.").format(reason=d.get("reason"))
        case "level":
            return _("Level {old} -> {new}: {reason}.").format(
                old=d.get("from"), new=d.get("to"), reason=d.get("reason")
            )
        case "escalated":
            raised = (
                _("; level {old} -> {new}").format(old=d.get("level_from"), new=d.get("level_to"))
                if d.get("level_from") != d.get("level_to")
                else ""
            )
            return _("Escalated to {specialist} ({area}): {reason}{raised}.").format(
                specialist=d.get("specialist"),
                area=d.get("area"),
                reason=d.get("reason"),
                raised=raised,
            )
        case "escalated_again":
            return _("{specialist} ({area}) named again, already on the call: {reason}.").format(
                specialist=d.get("specialist"), area=d.get("area"), reason=d.get("reason")
            )
        case "update":
            eta = _(" ETA {eta}.").format(eta=_hm(d.get("eta"))) if d.get("eta") else ""
            return _("Requester updated: {note}.").format(note=d.get("note")) + eta
        case "logged":
            note = f" ({d.get('note')})" if d.get("note") else ""
            return _("Logged {minutes} worked at {worked_at}{note} (entry {entry}).").format(
                minutes=_mins(d.get("minutes", 0)),
                worked_at=_hm(d.get("worked_at")),
                note=note,
                entry=d.get("entry"),
            )
        case "unlogged":
            head = _("Entry {reverses} reversed by entry {entry} ({minutes})").format(
                reverses=d.get("reverses"), entry=d.get("entry"), minutes=_mins(d.get("minutes", 0))
            )
            return head + (f": {d.get('reason')}." if d.get("reason") else ".")
        case "timer_started":
            return _("Timer started.")
        case "timer_discarded":
            return _("Timer discarded after {minutes}.").format(minutes=_mins(d.get("minutes", 0)))
        case "chargeable":
            return _("Marked client-caused (chargeable): {reason}.").format(reason=d.get("reason"))
        case "not_chargeable":
            return _("No longer chargeable: {reason}.").format(reason=d.get("reason"))
        case "resolved":
            text = (
                _("Worked around at {at}: {resolution}.")
                if d.get("workaround")
                else _("Resolved at {at}: {resolution}.")
            )
            return text.format(at=_hm(d.get("resolved_at")), resolution=d.get("resolution"))
        case "reopened":
            return _("Reopened: {reason}.").format(reason=d.get("reason"))
        case "cancelled":
            return _("Cancelled as opened by mistake: {reason}.").format(reason=d.get("reason"))
        case "closed":
            if d.get("rating"):
                return _("Closed, rated {rating}/5.").format(rating=d.get("rating"))
            return _("Closed, not rated.")
        case "rated":
            return _("Rated {rating}/5 by the requester.").format(rating=d.get("rating"))
        case "link_created":
            return _("The requester's link was made (call link).")
        case "link_revoked":
            return _("The requester's link was revoked.")
    return f"{action}."


def exceptional_warning(client: str) -> str:
    """Said when a contact used the client's one exceptional service (R7)."""
    return _(
        "{client} has now used its one exceptional service; the next off-hours "
        "contact will be refused unless the client subscribes to the 24|7 add-on."
    ).format(client=client)
