"""focco247 db: where the store lives, creating it on purpose, and keeping it (backup,
check, stats, upgrade)."""

from __future__ import annotations

from typing import Annotated

import typer

from focco247 import paths
from focco247.commands._common import JsonOpt, store
from focco247.errors import EXIT_BAD_INPUT

app = typer.Typer(help="The store: location, creation and maintenance.", no_args_is_help=True)


@app.command("path")
def path(json_: JsonOpt = False) -> None:
    """Print where the store lives ($FOCCO247_DB overrides it); works without a store.

    A demo store (made by `focco247 demo`) is said to be one.

    Example: focco247 db path
    """
    from focco247.output import db as out
    from focco247.output import jsonout
    from focco247.store.maintenance import store_path

    result = store_path(paths.db_location())
    if json_:
        jsonout.emit_json(out.path_json(result.store, result.demo))
    else:
        out.show_path(result.store, result.demo)


@app.command("init")
def init(
    replace_demo: Annotated[
        bool,
        typer.Option(
            "--replace-demo",
            help="Discard the demo store (its demo data) and create an empty one for real work.",
        ),
    ] = False,
    json_: JsonOpt = False,
) -> None:
    """Create the store for real work (the only command that does); a current store is left
    as it is.

    SQLite: the file is readable by its owner only (0600), folders made for it 0700.
    PostgreSQL: the tables are created in the database (and schema) the URL names. An
    older store points to `focco247 db upgrade`; anything that is not a focco247 store is
    refused and left untouched. A demo store (made by `focco247 demo`) is refused:
    `--replace-demo` discards it and creates an empty store for real work; it never
    touches a store for real work.

    Example: focco247 db init --replace-demo
    """
    from focco247.output import db as out
    from focco247.output import jsonout
    from focco247.store.maintenance import init_store

    result = init_store(paths.db_location(), replace_demo=replace_demo)
    if json_:
        jsonout.emit_json(out.init_json(result))
    else:
        out.show_init(result)


@app.command("backup")
def backup(
    target: Annotated[  # text, not Path: Path drops the trailing / that means a folder
        str,
        typer.Argument(
            metavar="PATH",
            help="Backup file, or an existing folder (a dated file inside; a trailing / always "
            "means a folder).",
        ),
    ],
    force: Annotated[bool, typer.Option("--force", help="Replace an existing file.")] = False,
    json_: JsonOpt = False,
) -> None:
    """Back up the SQLite store to PATH, safe while others write.

    The copy is one consistent snapshot, checked, and readable by its owner only (0600).
    A PostgreSQL store is backed up with pg_dump instead.

    Example: focco247 db backup ~/backups/
    """
    from focco247.commands._common import load_policy
    from focco247.domain.instants import utc_now_from
    from focco247.output import db as out
    from focco247.output import jsonout
    from focco247.store.maintenance import backup_store

    policy = load_policy()
    now = utc_now_from(paths.now_override(), policy.timezone).astimezone(policy.timezone)
    result = backup_store(paths.db_location(), target, now, force=force)
    if json_:
        jsonout.emit_json(out.backup_json(result))
    else:
        out.show_backup(result)


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
    from focco247.output import db as out
    from focco247.services.billing_check import billing_problems
    from focco247.store.maintenance import PageCheck, check_store

    location = paths.db_location()
    with store() as ctx:
        pages = PageCheck(location, full)  # SQLite's page check, meanwhile, in a thread
        billing = billing_problems(ctx)
        result = check_store(ctx.session, location, full=full, pages=pages)
    if json_:
        jsonout.emit_json(out.check_json(result, billing))
    else:
        out.show_check(result, billing)
    if not result.clean or billing:
        console.error(out.check_failed([*result.problems, *billing]))
        raise typer.Exit(EXIT_BAD_INPUT)


@app.command("stats")
def stats(json_: JsonOpt = False) -> None:
    """Show the store's size, revision and rows per table.

    Example: focco247 db stats
    """
    from focco247.output import db as out
    from focco247.output import jsonout
    from focco247.store.maintenance import store_stats

    with store() as ctx:
        result = store_stats(ctx.session, paths.db_location())
    if json_:
        jsonout.emit_json(out.stats_json(result))
    else:
        out.show_stats(result)


@app.command("upgrade")
def upgrade(json_: JsonOpt = False) -> None:
    """Migrate an older store to this version's schema.

    All steps run in one transaction: they all apply or none does. Back the store up first
    (`focco247 db backup PATH`). A store already up to date is left alone; a missing store
    points to `focco247 db init`; a store written by a newer focco247 is refused.

    Example: focco247 db upgrade
    """
    from focco247.output import db as out
    from focco247.output import jsonout
    from focco247.store.maintenance import upgrade_store

    result = upgrade_store(paths.db_location())
    if json_:
        jsonout.emit_json(out.upgrade_json(result))
    else:
        out.show_upgrade(result)
