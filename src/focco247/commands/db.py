"""focco247 db: where the store lives and how it is kept (backup, check, stats, upgrade)."""

from __future__ import annotations

from pathlib import Path
from typing import Annotated

import typer

from focco247 import paths
from focco247.commands._common import JsonOpt, store
from focco247.errors import EXIT_BAD_INPUT

app = typer.Typer(help="The store: location and maintenance.", no_args_is_help=True)


@app.command("path")
def path(json_: JsonOpt = False) -> None:
    """Print where the store lives ($FOCCO247_DB overrides it).

    Example: focco247 db path
    """
    from focco247.output import jsonout

    location = paths.db_location()
    shown = location
    if "://" in location:
        from focco247.store.db import display_location

        shown = display_location(location)
    if json_:
        jsonout.emit_json({"store": shown})
    else:
        print(shown)


@app.command("backup")
def backup(
    target: Annotated[
        Path, typer.Argument(help="Backup file, or an existing folder (a dated file inside).")
    ],
    force: Annotated[bool, typer.Option("--force", help="Replace an existing file.")] = False,
    json_: JsonOpt = False,
) -> None:
    """Back up the SQLite store to PATH, safe while others write.

    The copy is one consistent snapshot, checked, and readable by its owner only (0600).
    A PostgreSQL store is backed up with pg_dump instead.

    Example: focco247 db backup ~/backups/
    """
    from focco247.domain.instants import utc_now_from
    from focco247.output import jsonout
    from focco247.store.maintenance import backup_store

    policy = _policy()
    now = utc_now_from(paths.now_override(), policy.timezone).astimezone(policy.timezone)
    result = backup_store(paths.db_location(), target, now, force=force)
    if json_:
        jsonout.emit_json(result.to_json())
    else:
        _say(
            f"Backed up {result.store} (revision {result.revision}) to {result.path} "
            f"({_size(result.size_bytes)})."
        )


@app.command("check")
def check(
    json_: JsonOpt = False,
    full: Annotated[
        bool,
        typer.Option(
            "--full", help="Also match every index entry to its row (slower on a large store)."
        ),
    ] = False,
) -> None:
    """Check the store's integrity and the billing invariants.

    Every billed call matches its live invoice lines, no call is charged on two live
    invoices, invoice numbers are gapless, one live invoice per client and month, totals
    equal their lines, no time entry without its call. Exit 1 listing the problems found.
    SQLite's page check reads every page once; --full also checks every index against its
    table.

    Example: focco247 db check --json
    """
    from focco247.output import console, jsonout
    from focco247.store.maintenance import check_store

    with store() as ctx:
        result = check_store(ctx.session, paths.db_location(), full=full)
    if json_:
        jsonout.emit_json(result.to_json())
    elif result.clean:
        counts = ", ".join(f"{n} {name.replace('_', ' ')}" for name, n in result.checked.items())
        _say(f"The store is clean: {counts}.")
    else:
        console.table(
            f"Problems in {result.store}",
            ["Kind", "Problem"],
            [(p.kind, p.message) for p in result.problems],
        )
    if not result.clean:
        n = len(result.problems)
        console.error(f"The store has {n} problem{'s' if n != 1 else ''}; see the list above.")
        raise typer.Exit(EXIT_BAD_INPUT)


@app.command("stats")
def stats(json_: JsonOpt = False) -> None:
    """Show the store's size, revision and rows per table.

    Example: focco247 db stats
    """
    from focco247.output import console, jsonout
    from focco247.store.maintenance import store_stats

    with store() as ctx:
        result = store_stats(ctx.session, paths.db_location())
    if json_:
        jsonout.emit_json(result.to_json())
        return
    size = _size(result.size_bytes) if result.size_bytes is not None else "unknown size"
    mode = f", journal {result.journal_mode}" if result.journal_mode else ""
    _say(result.store)
    _say(f"{result.backend}, revision {result.revision}, {size}{mode}")
    console.table(None, ["Table", "Rows"], result.rows.items(), justify={"Rows": "right"})


@app.command("upgrade")
def upgrade(json_: JsonOpt = False) -> None:
    """Migrate an older store to this version's schema.

    All steps run in one transaction: they all apply or none does. Back the store up first
    (`focco247 db backup PATH`). A store already up to date is left alone; a store written
    by a newer focco247 is refused.

    Example: focco247 db upgrade
    """
    from focco247.output import jsonout
    from focco247.store.maintenance import upgrade_store

    result = upgrade_store(paths.db_location())
    if json_:
        jsonout.emit_json(result.to_json())
    elif result.from_revision is None:
        _say(f"Created {result.store} at revision {result.to_revision}.")
    elif result.upgraded:
        _say(
            f"Upgraded {result.store} from revision {result.from_revision} to {result.to_revision}."
        )
    else:
        _say(f"{result.store} is already at revision {result.to_revision}.")


def _say(text: str) -> None:
    from focco247.output import console

    console.line(text)


def _policy():
    from focco247.commands._common import load_policy

    return load_policy()


def _size(n: int) -> str:
    if n < 1024:
        return f"{n} bytes"
    if n < 1024 * 1024:
        return f"{n / 1024:.1f} KiB"
    return f"{n / (1024 * 1024):.1f} MiB"
