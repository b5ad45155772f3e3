"""What `db check` says of an issued month or billed call whose recomputation differs from
what was billed plus its adjustments (R19)."""

from __future__ import annotations

from typing import TYPE_CHECKING

from focco247.domain.money import money_str
from focco247.i18n import _

if TYPE_CHECKING:  # the result type only: output never calls a service
    from focco247.services.billing_check import BillingProblem

PROBLEM_KIND = "billing_recomputation"


def problem_message(problem: BillingProblem) -> str:
    if problem.kind == "fee":
        text = _(
            "{client} {month}: the 24|7 fee recomputed from the current facts is {recomputed}, "
            "but {billed} was billed with its adjustments (difference {difference})."
        )
    else:
        text = _(
            "{client} call #{call_id}: it comes to {recomputed} from the current facts, but "
            "its live invoice lines hold {billed} and no adjustment is pending "
            "(difference {difference})."
        )
    return text.format(
        client=problem.client,
        month=problem.month,
        call_id=problem.call_id,
        recomputed=money_str(problem.recomputed),
        billed=money_str(problem.billed),
        difference=money_str(problem.difference),
    )


def problem_json(problem: BillingProblem) -> dict[str, str]:
    """The shape of `db check --json` problems: {"kind", "message"}."""
    return {"kind": PROBLEM_KIND, "message": problem_message(problem)}
