"""focco247 demo: a small book of clients and a tour of the entitlement check; `demo seed`
fills an empty store with a large synthetic book."""

from __future__ import annotations

from typing import Annotated

import typer

from focco247.commands._common import JsonOpt, store
from focco247.i18n import _, in_documents_language

app = typer.Typer()  # its help is the callback's docstring, Example included


@app.callback(invoke_without_command=True)
def demo(ctx: typer.Context, json_: JsonOpt = False) -> None:
    """Load the demo clients into a demo store (once) and show a tour of checks.

    Where there is no store yet, a demo store is created; a store for real work is refused
    unchanged (run the demo elsewhere: FOCCO247_DB=/tmp/focco247-demo.db focco247 demo).
    Start real work with `focco247 db init --replace-demo`.

    Example: focco247 demo
    """
    if ctx.invoked_subcommand is not None:
        return
    from focco247 import paths
    from focco247.output import clients as clients_out
    from focco247.output import jsonout
    from focco247.services.demo import DEMO_COMMAND, demo_store, load_demo

    where = demo_store(paths.db_location(), DEMO_COMMAND)
    with store(write=True) as session_ctx:
        result = load_demo(session_ctx)
        tz = session_ctx.tz
    if where.created and not json_:
        clients_out.show_demo_store_created(where.store)
    if json_:
        with in_documents_language():  # prose inside JSON: SPEC §5
            jsonout.emit_json(clients_out.demo_json(result))
        return
    clients_out.show_demo(result, tz)


@app.command("seed")
def seed(
    clients: Annotated[int, typer.Option("--clients", help="How many clients.")] = 200,
    months: Annotated[
        int, typer.Option("--months", help="Months of history, ending this month.")
    ] = 12,
    seed_: Annotated[int, typer.Option("--seed", help="Same seed, same book.")] = 247,
    json_: JsonOpt = False,
) -> None:
    """Fill an empty demo store with a synthetic book of clients and years of calls.

    Realistic mix: about 40% of clients with the 24|7 add-on, calls mostly at night and on
    weekends, levels 1-3, about 10% client-caused, time entries, and every ended month
    invoiced and issued (numbered DEMO-...). Deterministic: the same --seed and clock give
    the same book. Where there is no store yet, a demo store is created; a store for real
    work is refused unchanged.

    Example: FOCCO247_DB=/tmp/book.db focco247 demo seed --clients 2000 --months 24
    """
    import time

    from focco247 import paths
    from focco247.output import console, jsonout
    from focco247.output import seed as seed_out
    from focco247.services.demo import SEED_COMMAND, demo_store
    from focco247.services.seed import seed_book

    demo_store(paths.db_location(), SEED_COMMAND)
    started = time.perf_counter()
    with (
        store(write=True) as session_ctx,
        console.progress(_("Seeding months"), enabled=not json_) as tick,
    ):
        result = seed_book(session_ctx, clients, months, seed_, progress=tick)
    elapsed = time.perf_counter() - started
    if json_:
        with in_documents_language():  # prose inside JSON: SPEC §5
            jsonout.emit_json(seed_out.seed_json(result))
        return
    seed_out.show_seed(result, elapsed)
