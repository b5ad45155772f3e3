"""Views of the store's maintenance: what `db` commands say, and their JSON documents.

Takes the frozen results of focco247.store.maintenance (plain values) and imports no store
code: the location arrives already masked.
"""

from __future__ import annotations

from collections.abc import Sequence
from typing import TYPE_CHECKING, Protocol

from focco247.i18n import N_, _, ngettext
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
    "billing_state": N_("... and {n} more calls."),
    "double_billed": N_("... and {n} more calls."),
    "live_invoices": N_("... and {n} more client-months."),
    "invoice_total": N_("... and {n} more invoices."),
    "invoice_status": N_("... and {n} more invoices."),
    "orphan_time_entry": N_("... and {n} more time entries."),
}


def problem_message(problem: _Problem) -> str:
    """The sentence for one broken rule (the same in the table and in JSON)."""
    kind, f = problem.kind, problem.facts
    if problem.more and kind in _MORE:
        return _(_MORE[kind]).format(n=problem.more)
    if kind == "integrity":
        return _("SQLite reports damage: {detail}.").format(detail=f[0])
    if kind == "dangling_reference":
        return _("{table} row {row} points at a missing {target}.").format(
            table=f[0], row=f[1], target=f[2]
        )
    if kind == "billing_state":
        return _(
            "Call #{call} is marked billed for {centavos} centavos / {minutes} min, but live "
            "invoices hold {held_centavos} centavos / {held_minutes} min for it."
        ).format(call=f[0], centavos=f[1], minutes=f[2], held_centavos=f[3], held_minutes=f[4])
    if kind == "double_billed":
        return _(
            "Call #{call} is charged on {count} live invoices (it must be on exactly one)."
        ).format(call=f[0], count=f[1])
    if kind == "invoice_numbering":
        if f[0] == "below_one":
            return _("Invoice number {number} is below 1.").format(number=f[1])
        shown = ", ".join(str(n) for n in f[1:])
        if problem.more:
            return _("Invoice numbers are not gapless: missing {shown} and {n} more.").format(
                shown=shown, n=problem.more
            )
        return _("Invoice numbers are not gapless: missing {shown}.").format(shown=shown)
    if kind == "live_invoices":
        return _("Client {client} has {count} live invoices for {month} (one at most).").format(
            client=f[0], count=f[2], month=f[1]
        )
    if kind == "invoice_total":
        return _(
            "Invoice {invoice} totals {total} centavos but its lines add up to {lines}."
        ).format(invoice=f[0], total=f[1], lines=f[2])
    if kind == "invoice_status":
        return _("Invoice {invoice} has the unknown status {status}.").format(
            invoice=f[0], status=repr(f[1])
        )
    if kind == "orphan_time_entry":
        return _("Time entry {entry} belongs to call #{call}, which does not exist.").format(
            entry=f[0], call=f[1]
        )
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
        return _("{n} bytes").format(n=n)
    if n < 1024 * 1024:
        return _("{size} KiB").format(size=f"{n / 1024:.1f}")
    return _("{size} MiB").format(size=f"{n / (1024 * 1024):.1f}")


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
        console.line(
            _("Created the store {store} at revision {revision}.").format(
                store=result.store, revision=result.revision
            )
        )
    else:
        console.line(
            _(
                "The store {store} already exists at revision {revision}; nothing was changed."
            ).format(store=result.store, revision=result.revision)
        )


def show_backup(result: BackupResult) -> None:
    console.line(
        _("Backed up {store} (revision {revision}) to {path} ({size}).").format(
            store=result.store,
            revision=result.revision,
            path=result.path,
            size=size_text(result.size_bytes),
        )
    )


def show_check(result: CheckResult, billing: Sequence[BillingProblem] = ()) -> None:
    if result.clean and not billing:
        counts = ", ".join(f"{n} {name.replace('_', ' ')}" for name, n in result.checked)
        console.line(_("The store is clean: {counts}.").format(counts=counts))
        return
    console.table(
        _("Problems in {store}").format(store=result.store),
        [_("Kind"), _("Problem")],
        [(p.kind, problem_message(p)) for p in result.problems]
        + [(billing_check.PROBLEM_KIND, billing_check.problem_message(b)) for b in billing],
    )


def check_failed(problems: Sequence[object]) -> str:
    n = len(problems)
    return ngettext(
        "The store has {n} problem; see the list above.",
        "The store has {n} problems; see the list above.",
        n,
    ).format(n=n)


def show_stats(result: StatsResult) -> None:
    size = size_text(result.size_bytes) if result.size_bytes is not None else _("unknown size")
    mode = _(", journal {mode}").format(mode=result.journal_mode) if result.journal_mode else ""
    demo = _(", demo store") if result.demo else ""
    console.line(result.store)
    console.line(
        _("{backend}, revision {revision}, {size}").format(
            backend=result.backend, revision=result.revision, size=size
        )
        + mode
        + demo
    )
    rows_header = _("Rows")
    console.table(None, [_("Table"), rows_header], result.rows, justify={rows_header: "right"})


def show_upgrade(result: UpgradeResult) -> None:
    if result.upgraded:
        console.line(
            _("Upgraded {store} from revision {old} to {new}.").format(
                store=result.store, old=result.from_revision, new=result.to_revision
            )
        )
    else:
        console.line(
            _("{store} is already at revision {revision}.").format(
                store=result.store, revision=result.to_revision
            )
        )
