"""Views of the synthetic book (`demo seed`): its JSON shape and its summary."""

from __future__ import annotations

from typing import TYPE_CHECKING

from focco247.i18n import _
from focco247.output.console import line, table

if TYPE_CHECKING:  # the result's type only: output imports no store
    from focco247.services.seed import SeedResult


def seed_json(result: SeedResult) -> dict[str, object]:
    return {
        "clients": result.clients,
        "months": result.months,
        "seed": result.seed,
        "first_month": result.first_month,
        "last_month": result.last_month,
        "subscribed": result.subscribed,
        "calls": result.calls,
        "verdicts": dict(result.contacts),
        "statuses": dict(result.statuses),
        "chargeable": result.chargeable,
        "time_entries": result.time_entries,
        "escalations": result.escalations,
        "progress_updates": result.progress_updates,
        "invoices": result.invoices,
        "issued_months": list(result.issued_months),
    }


def show_seed(result: SeedResult, elapsed: float) -> None:
    line(
        _(
            "Seeded {clients} clients ({subscribed} with the 24|7 add-on), {first} to {last}, "
            "seed {seed}, in {elapsed:.1f} s."
        ).format(
            clients=result.clients,
            subscribed=result.subscribed,
            first=result.first_month,
            last=result.last_month,
            seed=result.seed,
            elapsed=elapsed,
        ),
        style="green",
    )
    verdict, status = _("  verdict {name}"), _("  status {name}")
    table(
        _("The book"),
        [_("what"), _("how many")],
        [
            (_("calls"), f"{result.calls:,}"),
            *((verdict.format(name=k), f"{v:,}") for k, v in result.contacts),
            *((status.format(name=k), f"{v:,}") for k, v in result.statuses),
            (_("chargeable calls"), f"{result.chargeable:,}"),
            (_("time entries"), f"{result.time_entries:,}"),
            (_("escalations"), f"{result.escalations:,}"),
            (_("progress updates"), f"{result.progress_updates:,}"),
            (_("invoices issued"), f"{result.invoices:,}"),
        ],
    )
