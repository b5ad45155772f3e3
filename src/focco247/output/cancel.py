"""What `call cancel` says."""

from __future__ import annotations

from typing import TYPE_CHECKING

from focco247.i18n import _
from focco247.output.console import line

if TYPE_CHECKING:  # the result type only: output never calls a service
    from focco247.services.cancel import CancelResult


def call_cancelled(result: CancelResult) -> None:
    line(
        _("Call #{id} cancelled ({reason}): out of the queue, billing and reports.").format(
            id=result.call_id, reason=result.reason
        ),
        style="green",
    )
    if result.exceptional_given_back:
        line(_("{client}'s exceptional service is available again.").format(client=result.client))


def cancel_json(result: CancelResult) -> dict[str, object]:
    return {
        "call_id": result.call_id,
        "client": result.client,
        "status": "cancelled",
        "previous_status": result.previous_status,
        "reason": result.reason,
        "exceptional_given_back": result.exceptional_given_back,
    }
