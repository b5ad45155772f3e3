"""Views of the synthetic book (`demo seed`): its JSON shape and its summary."""

from __future__ import annotations

from typing import TYPE_CHECKING

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
        f"Seeded {result.clients} clients ({result.subscribed} with the 24|7 add-on), "
        f"{result.first_month} to {result.last_month}, seed {result.seed}, "
        f"in {elapsed:.1f} s.",
        style="green",
    )
    table(
        "The book",
        ["what", "how many"],
        [
            ("calls", f"{result.calls:,}"),
            *((f"  verdict {k}", f"{v:,}") for k, v in result.contacts),
            *((f"  status {k}", f"{v:,}") for k, v in result.statuses),
            ("chargeable calls", f"{result.chargeable:,}"),
            ("time entries", f"{result.time_entries:,}"),
            ("escalations", f"{result.escalations:,}"),
            ("progress updates", f"{result.progress_updates:,}"),
            ("invoices issued", f"{result.invoices:,}"),
        ],
    )
