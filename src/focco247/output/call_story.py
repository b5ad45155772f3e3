"""The sentences of a call's story: one per audit event (R18), and the warnings a call
carries. `call show` prints them; its JSON carries them as `text` and `warning`."""

from __future__ import annotations

from collections.abc import Mapping

from focco247.domain.durations import format_minutes
from focco247.i18n import _

_WHERE = {
    "queued": "queued for a callback (attendant busy)",
    "open": "opened as the active call",
    "refused": "refused, not served by the 24|7 line",
    "redirected": "redirected to the regular support channels",
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
            where = _WHERE.get(status, status)
            return (
                f"Contact at {_hm(d.get('opened_at'))} from {d.get('caller')} about "
                f"{d.get('product')}: {d.get('verdict')}, level {d.get('level')}; {where}."
            )
        case "taken":
            return f"Taken by the attendant (was {d.get('from')})."
        case "parked":
            return f"Parked, attendant freed: {d.get('reason')}."
        case "level":
            return f"Level {d.get('from')} -> {d.get('to')}: {d.get('reason')}."
        case "escalated":
            raised = (
                f"; level {d.get('level_from')} -> {d.get('level_to')}"
                if d.get("level_from") != d.get("level_to")
                else ""
            )
            return (
                f"Escalated to {d.get('specialist')} ({d.get('area')}): {d.get('reason')}{raised}."
            )
        case "escalated_again":
            return _("{specialist} ({area}) named again, already on the call: {reason}.").format(
                specialist=d.get("specialist"), area=d.get("area"), reason=d.get("reason")
            )
        case "update":
            eta = f" ETA {_hm(d.get('eta'))}." if d.get("eta") else ""
            return f"Requester updated: {d.get('note')}.{eta}"
        case "logged":
            note = f" ({d.get('note')})" if d.get("note") else ""
            return (
                f"Logged {_mins(d.get('minutes', 0))} worked at "
                f"{_hm(d.get('worked_at'))}{note} (entry {d.get('entry')})."
            )
        case "unlogged":
            return (
                f"Entry {d.get('reverses')} reversed by entry {d.get('entry')} "
                f"({_mins(d.get('minutes', 0))})"
                + (f": {d.get('reason')}." if d.get("reason") else ".")
            )
        case "timer_started":
            return "Timer started."
        case "timer_discarded":
            return f"Timer discarded after {_mins(d.get('minutes', 0))}."
        case "chargeable":
            return f"Marked client-caused (chargeable): {d.get('reason')}."
        case "not_chargeable":
            return f"No longer chargeable: {d.get('reason')}."
        case "resolved":
            how = "Worked around" if d.get("workaround") else "Resolved"
            return f"{how} at {_hm(d.get('resolved_at'))}: {d.get('resolution')}."
        case "reopened":
            return f"Reopened: {d.get('reason')}."
        case "cancelled":
            return f"Cancelled as opened by mistake: {d.get('reason')}."
        case "closed":
            rated = f", rated {d.get('rating')}/5" if d.get("rating") else ", not rated"
            return f"Closed{rated}."
        case "rated":
            return f"Rated {d.get('rating')}/5 by the requester."
        case "link_created":
            return "The requester's link was made (call link)."
        case "link_revoked":
            return "The requester's link was revoked."
    return f"{action}."


def exceptional_warning(client: str) -> str:
    """Said when a contact used the client's one exceptional service (R7)."""
    return (
        f"{client} has now used its one exceptional service; the next off-hours "
        "contact will be refused unless the client subscribes to the 24|7 add-on."
    )
