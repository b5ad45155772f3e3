"""Cancel a call opened by mistake (R19): it leaves the queue, billing and reports, stays in
the audit, and gives back the exceptional service it used. A call with billed time is not
cancelled: it is credited instead (`call chargeable ID --undo`)."""

from __future__ import annotations

from dataclasses import dataclass

from focco247.domain.calls import Status
from focco247.errors import InputError, NotFoundError, StateError
from focco247.i18n import _
from focco247.services.base import Ctx
from focco247.store.models import Call, Client

CANCELLED = Status.CANCELLED.value


@dataclass(frozen=True)
class CancelResult:
    call_id: int
    client: str
    previous_status: str
    reason: str
    exceptional_given_back: bool  # the client may be served exceptionally once more


def cancel_call(ctx: Ctx, call_id: int, reason: str | None) -> CancelResult:
    why = (reason or "").strip()
    if not why:
        raise InputError(_("Cancelling a call needs a reason (--reason)."))
    call = ctx.session.get(Call, call_id)
    if call is None:
        raise NotFoundError(f"Call #{call_id} does not exist.")
    if call.status == CANCELLED:
        raise StateError(_("Call #{id} is already cancelled.").format(id=call_id))
    if call.billed_cents != 0 or call.billed_minutes != 0:
        raise StateError(
            _(
                "Call #{id} has billed time and cannot be cancelled; credit it instead: "
                "focco247 call chargeable {id} --undo --reason ..."
            ).format(id=call_id)
        )
    previous = call.status
    call.status = CANCELLED
    call.active_since = None
    call.timer_started_at = None  # a running timer is discarded, not logged
    call.billing_due = False  # never billed: nothing to settle
    ctx.session.add(call)
    given_back = call.verdict == "exceptional"
    ctx.record(
        "call",
        call_id,
        "cancelled",
        reason=why,
        exceptional_given_back=given_back,
        **{"from": previous},
    )
    client = ctx.session.get(Client, call.client_id)
    return CancelResult(call_id, client.code if client else "", previous, why, given_back)
