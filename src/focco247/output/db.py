"""Views of the store's maintenance: what `db` commands say, and their JSON documents.

Takes the frozen results of focco247.store.maintenance (plain values) and imports no store
code: the location arrives already masked.
"""

from __future__ import annotations

from collections.abc import Sequence
from typing import TYPE_CHECKING, Protocol

from focco247.i18n import _
from focco247.output import billing_check, console

if TYPE_CHECKING:  # the result types only: output never calls a service nor reads the store
    from focco247.services.billing_check import BillingProblem
    from focco247.store.db import InitResult
    from focco247.store.maintenance import BackupResult, CheckResult, StatsResult, UpgradeResult


class _Problem(Protocol):
    @property
    def kind(self) -> str: ...
    @property
    def facts(self) -> tuple[int | str, ...]: ...
    @property
    def more(self) -> int: ...


_MORE = {
    "billing_state": "calls",
    "double_billed": "calls",
    "live_invoices": "client-months",
    "invoice_total": "invoices",
    "invoice_status": "invoices",
    "orphan_time_entry": "time entries",
}


def problem_message(problem: _Problem) -> str:
    """The sentence for one broken rule (the same in the table and in JSON)."""
    kind, f = problem.kind, problem.facts
    if problem.more and kind in _MORE:
        return f"... and {problem.more} more {_MORE[kind]}."
    if kind == "integrity":
        return f"SQLite reports damage: {f[0]}."
    if kind == "dangling_reference":
        return f"{f[0]} row {f[1]} points at a missing {f[2]}."
    if kind == "billing_state":
        return (
            f"Call #{f[0]} is marked billed for {f[1]} centavos / {f[2]} min, but live "
            f"invoices hold {f[3]} centavos / {f[4]} min for it."
        )
    if kind == "double_billed":
        return f"Call #{f[0]} is charged on {f[1]} live invoices (it must be on exactly one)."
    if kind == "invoice_numbering":
        if f[0] == "below_one":
            return f"Invoice number {f[1]} is below 1."
        shown = ", ".join(str(n) for n in f[1:])
        more = f" and {problem.more} more" if problem.more else ""
        return f"Invoice numbers are not gapless: missing {shown}{more}."
    if kind == "live_invoices":
        return f"Client {f[0]} has {f[2]} live invoices for {f[1]} (one at most)."
    if kind == "invoice_total":
        return f"Invoice {f[0]} totals {f[1]} centavos but its lines add up to {f[2]}."
    if kind == "invoice_status":
        return f"Invoice {f[0]} has the unknown status {f[1]!r}."
    if kind == "orphan_time_entry":
        return f"Time entry {f[0]} belongs to call #{f[1]}, which does not exist."
    return f"{kind}: {', '.join(str(x) for x in f)}"


# --- JSON ----------------------------------------------------------------------------------


def path_json(store: str, demo: bool = False) -> dict[str, object]:
    return {"store": store, "demo": demo}


def init_json(result: InitResult) -> dict[str, object]:
    return {
        "store": result.store,
        "revision": result.revision,
        "created": result.created,
        "demo": result.demo,
        "replaced_demo": result.replaced_demo,
    }


def check_json(result: CheckResult, billing: Sequence[BillingProblem] = ()) -> dict[str, object]:
    """The store's own checks, then the months and calls whose recomputation differs (R19)."""
    return {
        "store": result.store,
        "backend": result.backend,
        "revision": result.revision,
        "clean": result.clean and not billing,
        "integrity": result.integrity,
        "checked": dict(result.checked),
        "problems": [{"kind": p.kind, "message": problem_message(p)} for p in result.problems]
        + [billing_check.problem_json(b) for b in billing],
    }


def stats_json(result: StatsResult) -> dict[str, object]:
    doc: dict[str, object] = {
        "store": result.store,
        "backend": result.backend,
        "revision": result.revision,
        "size_bytes": result.size_bytes,
        "rows": dict(result.rows),
        "demo": result.demo,
    }
    if result.journal_mode is not None:
        doc["journal_mode"] = result.journal_mode
    return doc


def backup_json(result: BackupResult) -> dict[str, object]:
    return {
        "store": result.store,
        "backup": str(result.path),
        "size_bytes": result.size_bytes,
        "revision": result.revision,
    }


def upgrade_json(result: UpgradeResult) -> dict[str, object]:
    return {
        "store": result.store,
        "from": result.from_revision,
        "to": result.to_revision,
        "upgraded": result.upgraded,
    }


# --- human views ---------------------------------------------------------------------------


def size_text(n: int) -> str:
    if n < 1024:
        return f"{n} bytes"
    if n < 1024 * 1024:
        return f"{n / 1024:.1f} KiB"
    return f"{n / (1024 * 1024):.1f} MiB"


def demo_store_note() -> str:
    return _(
        "This is a demo store; start real work with `focco247 db init --replace-demo`, "
        "which discards the demo data."
    )


def show_path(store: str, demo: bool = False) -> None:
    console.line(store)
    if demo:  # on stderr: stdout stays the bare location for scripts
        console.note(demo_store_note())


def show_init(result: InitResult) -> None:
    if result.replaced_demo:
        console.line(
            _(
                "Discarded the demo store and created an empty store for real work at "
                "{store} (revision {revision})."
            ).format(store=result.store, revision=result.revision)
        )
    elif result.created:
        console.line(f"Created the store {result.store} at revision {result.revision}.")
    else:
        console.line(
            f"The store {result.store} already exists at revision {result.revision}; "
            "nothing was changed."
        )


def show_backup(result: BackupResult) -> None:
    console.line(
        f"Backed up {result.store} (revision {result.revision}) to {result.path} "
        f"({size_text(result.size_bytes)})."
    )


def show_check(result: CheckResult, billing: Sequence[BillingProblem] = ()) -> None:
    if result.clean and not billing:
        counts = ", ".join(f"{n} {name.replace('_', ' ')}" for name, n in result.checked)
        console.line(f"The store is clean: {counts}.")
        return
    console.table(
        f"Problems in {result.store}",
        ["Kind", "Problem"],
        [(p.kind, problem_message(p)) for p in result.problems]
        + [(billing_check.PROBLEM_KIND, billing_check.problem_message(b)) for b in billing],
    )


def check_failed(problems: Sequence[object]) -> str:
    n = len(problems)
    return f"The store has {n} problem{'s' if n != 1 else ''}; see the list above."


def show_stats(result: StatsResult) -> None:
    size = size_text(result.size_bytes) if result.size_bytes is not None else "unknown size"
    mode = f", journal {result.journal_mode}" if result.journal_mode else ""
    demo = _(", demo store") if result.demo else ""
    console.line(result.store)
    console.line(f"{result.backend}, revision {result.revision}, {size}{mode}{demo}")
    console.table(None, ["Table", "Rows"], result.rows, justify={"Rows": "right"})


def show_upgrade(result: UpgradeResult) -> None:
    if result.upgraded:
        console.line(
            f"Upgraded {result.store} from revision {result.from_revision} to {result.to_revision}."
        )
    else:
        console.line(f"{result.store} is already at revision {result.to_revision}.")
