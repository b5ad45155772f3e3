"""focco247 demo: a small book of clients and a tour of the entitlement check."""

from __future__ import annotations

import typer

from focco247.commands._common import JsonOpt, store

app = typer.Typer()  # its help is the callback's docstring, Example included


@app.callback(invoke_without_command=True)
def demo(ctx: typer.Context, json_: JsonOpt = False) -> None:
    """Load the demo clients into the store (once) and show a tour of checks.

    Example: focco247 demo
    """
    if ctx.invoked_subcommand is not None:
        return
    from focco247 import render
    from focco247.services.demo import load_demo

    with store(write=True) as session_ctx:
        result = load_demo(session_ctx)
        tz = session_ctx.tz
    if json_:
        render.emit_json(result.to_json())
        return
    if result.loaded:
        render.line(f"Loaded demo clients: {', '.join(result.loaded)}", style="green")
    if result.skipped:
        render.line(f"Already in the store: {', '.join(result.skipped)}")
    render.table(
        "Is the client served by the 24|7 line?",
        ["when", "client", "product", "verdict", "situation"],
        [
            (render.when(r.at, tz), r.client, r.product, r.verdict.value, story)
            for story, r in result.tour
        ],
        styles=[render.VERDICT_STYLE.get(r.verdict.value) for _, r in result.tour],
    )
    render.line('Try: focco247 check ACME --at "2026-11-29 23:40"   |   focco247 client list')
