"""focco247 call: Calls on the 24|7 line: open, level, escalate, log time, resolve, close.

The attendant is busy while a call is `open` (from `call open` when free, or `call take`,
until it is resolved or parked); calls opened meanwhile are `queued` for a callback.
"""

from __future__ import annotations

from collections.abc import Callable, Sequence
from typing import TYPE_CHECKING, Annotated

import typer

from focco247 import paths
from focco247.commands._common import AtOpt, JsonOpt, instant_or_none, store
from focco247.errors import EXIT_NOT_SERVED
from focco247.i18n import in_documents_language

if TYPE_CHECKING:
    from sqlmodel import Session

    from focco247.output.calls import Done
    from focco247.services.calls import CallView

app = typer.Typer(
    help="Calls on the 24|7 line: open, level, escalate, log time, resolve, close.",
    no_args_is_help=True,
)


# --- shell completion from the store (never imports the database layer at import time) --------


def _store_values(read: Callable[[Session], Sequence[object]], incomplete: str) -> list[str]:
    """Values from the store for the shell; any problem (no store yet, locked) offers none."""
    try:
        import os

        location = paths.db_location()
        if "://" not in location and not os.path.exists(location):
            return []  # completing must never create a store
        with store() as ctx:
            values = [str(v) for v in read(ctx.session)]
        wanted = incomplete.lower().lstrip("#")
        return [v for v in values if v.lower().startswith(wanted)]
    except Exception:
        return []


def complete_client(incomplete: str) -> list[str]:
    from focco247.store.queries.calls import client_codes

    return _store_values(client_codes, incomplete)


def complete_call(incomplete: str) -> list[str]:
    """Calls still being worked on first (the ones the attendant types most)."""
    from focco247.store.queries.calls import call_ids_to_complete

    return _store_values(call_ids_to_complete, incomplete)


def complete_specialist(incomplete: str) -> list[str]:
    from focco247.store.queries.specialists import active_names

    return _store_values(active_names, incomplete)


CallArg = Annotated[
    str, typer.Argument(help="Call number (12 or #12).", autocompletion=complete_call)
]
SCREEN_ROWS = 50  # a screenful of calls; a book holds tens of thousands

ReasonOpt = Annotated[str, typer.Option("--reason", help="Why (kept in the call's story).")]


def _id(text: str) -> int:
    """A call or entry number as typed (`12` or `#12`)."""
    from focco247.domain.calls import parse_call_id

    return parse_call_id(text)


def _done(view: CallView, json_: bool, done: Done) -> None:
    from focco247.output import calls as calls_out
    from focco247.output import calls_json, jsonout

    if json_:
        with in_documents_language():  # prose inside JSON: SPEC §5
            jsonout.emit_json(calls_json.call(view))
    else:
        calls_out.call_done(view, done)


@app.command("open")
def open_(
    code: Annotated[str, typer.Argument(help="Client code.", autocompletion=complete_client)],
    caller: Annotated[str, typer.Option("--caller", help="Who is calling (the requester).")],
    summary: Annotated[str, typer.Option("--summary", help="What the problem is, briefly.")],
    product: Annotated[
        str | None, typer.Option("--product", help="Product (default FoccoERP).")
    ] = None,
    at: AtOpt = None,
    # Levels and ratings are read as text so a mistyped one is bad input (exit 1, one
    # sentence), like every other value, not a usage error.
    level: Annotated[
        str, typer.Option("--level", help="Initial evaluation: 1 quick, 2, 3 complex.")
    ] = "1",
    phone: Annotated[
        str | None,
        typer.Option(
            "--phone",
            help="The number to call back (default: the preferred contact's, when calling).",
        ),
    ] = None,
    json_: JsonOpt = False,
) -> None:
    """Open a call: judge the contact (R7), then open it, queue it or record a refusal.

    Exit 0 when the call is served (open or queued); 3 when refused (the sales contact or
    the product's own support hours are printed) or inside business hours (the regular
    channels serve it; not opened). Says so when the caller is not the client's preferred
    contact.

    Example: focco247 call open ACME --caller "Ana" --summary "NF-e rejected" --phone 5499876543
    """
    from focco247.domain.calls import NOT_SERVED
    from focco247.output import calls as calls_out
    from focco247.output import calls_json, jsonout
    from focco247.services.calls import open_call

    with store(write=True) as ctx:
        view = open_call(
            ctx, code, caller, summary, product, instant_or_none(ctx, at), level, phone
        )
    if json_:
        with in_documents_language():  # prose inside JSON: SPEC §5
            jsonout.emit_json(calls_json.opened(view))
    else:
        calls_out.call_opened(view)
    if view.status in NOT_SERVED:
        raise typer.Exit(EXIT_NOT_SERVED)


@app.command("take")
def take(
    call_id: Annotated[
        str | None,
        typer.Argument(
            help="Call number (default: the oldest callback).", autocompletion=complete_call
        ),
    ] = None,
    json_: JsonOpt = False,
) -> None:
    """Take the next callback from the queue (or a given queued or parked call).

    Example: focco247 call take
    """
    from focco247.output.calls import Done
    from focco247.services.calls import take as run

    with store(write=True) as ctx:
        view = run(ctx, _id(call_id) if call_id is not None else None)
    _done(view, json_, Done.TAKEN)


@app.command("park")
def park(call_id: CallArg, reason: ReasonOpt, json_: JsonOpt = False) -> None:
    """Park the active call (it stays open) so the attendant is free for the next one.

    A running timer stops and its time is logged.

    Example: focco247 call park 12 --reason "waiting for the DBA"
    """
    from focco247.output.calls import Done
    from focco247.services.calls import park as run

    with store(write=True) as ctx:
        view = run(ctx, _id(call_id), reason)
    _done(view, json_, Done.PARKED)


@app.command("level")
def level(
    call_id: CallArg,
    new_level: Annotated[str, typer.Argument(metavar="N", help="1 quick, 2, 3 complex.")],
    reason: ReasonOpt,
    json_: JsonOpt = False,
) -> None:
    """Change a call's level (R9); the change and its reason are kept.

    Example: focco247 call level 12 3 --reason "needs a database restore"
    """
    from focco247.output.calls import Done
    from focco247.services.calls import set_level

    with store(write=True) as ctx:
        view = set_level(ctx, _id(call_id), new_level, reason)
    _done(view, json_, Done.LEVEL)


@app.command("escalate")
def escalate(
    call_id: CallArg,
    to: Annotated[
        str, typer.Option("--to", help="Specialist's name.", autocompletion=complete_specialist)
    ],
    reason: ReasonOpt,
    json_: JsonOpt = False,
) -> None:
    """Bring a specialist into a call (R10); the call becomes at least level 2.

    Example: focco247 call escalate 12 --to "Bruno Lima" --reason "fiscal rules"
    """
    from focco247.output.calls import Done
    from focco247.services.calls import escalate as run

    with store(write=True) as ctx:
        view = run(ctx, _id(call_id), to, reason)
    _done(view, json_, Done.ESCALATED)


@app.command("update")
def update(
    call_id: CallArg,
    note: Annotated[str, typer.Option("--note", help="What the requester was told.")],
    eta: Annotated[
        str | None,
        typer.Option(
            "--eta",
            help='Expected solution: an instant, a time of day ("02:00") or a delay ("2h").',
        ),
    ] = None,
    json_: JsonOpt = False,
) -> None:
    """Record a progress update given to the requester (R11), with an ETA.

    Level-3 calls owe one every `level3_update_every` (default 2 h), else they are overdue;
    any call in progress may get updates.

    Example: focco247 call update 12 --note "restore running" --eta "2026-11-26 02:00"
    """
    from focco247.output.calls import Done
    from focco247.services.calls import update as run

    with store(write=True) as ctx:
        view = run(ctx, _id(call_id), note, eta)
    _done(view, json_, Done.UPDATED)


@app.command("log")
def log(
    call_id: CallArg,
    duration: Annotated[str, typer.Argument(help="45m, 1h30m, 2h or 1:30 (at most 24 h).")],
    at: AtOpt = None,
    note: Annotated[str | None, typer.Option("--note", help="What was done.")] = None,
    json_: JsonOpt = False,
) -> None:
    """Log time worked on a call (R14).

    Example: focco247 call log 12 1h30m --note "fixed the NF-e series"
    """
    from focco247.output.calls import Done
    from focco247.services.calls import log_time

    with store(write=True) as ctx:
        view = log_time(ctx, _id(call_id), duration, instant_or_none(ctx, at), note)
    _done(view, json_, Done.LOGGED)


@app.command("unlog")
def unlog(
    entry_id: Annotated[str, typer.Argument(metavar="ENTRY", help="Time entry number.")],
    reason: Annotated[str | None, typer.Option("--reason", help="Why it was wrong.")] = None,
    json_: JsonOpt = False,
) -> None:
    """Reverse a time entry with a new, negative entry (history is never edited).

    Example: focco247 call unlog 7 --reason "logged on the wrong call"
    """
    from focco247.output.calls import Done
    from focco247.services.calls import unlog as run

    with store(write=True) as ctx:
        view = run(ctx, _id(entry_id), reason)
    _done(view, json_, Done.UNLOGGED)


@app.command("start")
def start(call_id: CallArg, json_: JsonOpt = False) -> None:
    """Start a timer on a call; `call stop` logs the elapsed time.

    Example: focco247 call start 12
    """
    from focco247.output.calls import Done
    from focco247.services.calls import timer_start

    with store(write=True) as ctx:
        view = timer_start(ctx, _id(call_id))
    _done(view, json_, Done.TIMER_STARTED)


@app.command("stop")
def stop(
    call_id: CallArg,
    discard: Annotated[
        bool, typer.Option("--discard", help="Stop without logging (a forgotten timer).")
    ] = False,
    json_: JsonOpt = False,
) -> None:
    """Stop a call's timer and log the elapsed time (a started minute counts).

    Example: focco247 call stop 12
    """
    from focco247.output.calls import Done
    from focco247.services.calls import timer_stop

    with store(write=True) as ctx:
        view = timer_stop(ctx, _id(call_id), discard)
    _done(view, json_, Done.TIMER_STOPPED)


@app.command("chargeable")
def chargeable(
    call_id: CallArg,
    reason: ReasonOpt,
    undo: Annotated[bool, typer.Option("--undo", help="Unmark it (with a reason).")] = False,
    json_: JsonOpt = False,
) -> None:
    """Mark a call client-caused: its time is charged at the GLT hourly rate (R13).

    Example: focco247 call chargeable 12 --reason "client edited the tax tables"
    """
    from focco247.output.calls import Done
    from focco247.services.calls import set_chargeable

    with store(write=True) as ctx:
        view = set_chargeable(ctx, _id(call_id), reason, undo)
    _done(view, json_, Done.CHARGEABLE)


@app.command("resolve")
def resolve(
    call_id: CallArg,
    resolution: Annotated[str, typer.Option("--resolution", help="What solved it.")],
    workaround: Annotated[
        bool, typer.Option("--workaround", help="Worked around, not truly solved.")
    ] = False,
    at: AtOpt = None,
    json_: JsonOpt = False,
) -> None:
    """Resolve a call (or record a workaround) (R12); a running timer is logged.

    Warns (on stderr) when no time is logged on the call.

    Example: focco247 call resolve 12 --resolution "reissued the NF-e"
    """
    from focco247.output import calls as calls_out
    from focco247.output.calls import Done
    from focco247.services.calls import resolve as run

    with store(write=True) as ctx:
        view = run(ctx, _id(call_id), resolution, workaround, instant_or_none(ctx, at))
    _done(view, json_, Done.RESOLVED)
    if view.total_minutes <= 0:
        calls_out.warn_no_time_logged(view)


@app.command("reopen")
def reopen(call_id: CallArg, reason: ReasonOpt, json_: JsonOpt = False) -> None:
    """Reopen a resolved or closed call; it becomes the active call again.

    Example: focco247 call reopen 12 --reason "the error came back"
    """
    from focco247.output.calls import Done
    from focco247.services.calls import reopen as run

    with store(write=True) as ctx:
        view = run(ctx, _id(call_id), reason)
    _done(view, json_, Done.REOPENED)


@app.command("close")
def close(
    call_id: CallArg,
    rating: Annotated[
        str | None, typer.Option("--rating", help="The requester's rating, 1 to 5.")
    ] = None,
    strengths: Annotated[str | None, typer.Option("--strengths", help="What went well.")] = None,
    weaknesses: Annotated[
        str | None, typer.Option("--weaknesses", help="What could improve.")
    ] = None,
    json_: JsonOpt = False,
) -> None:
    """Close a resolved call with the requester's rating (R17); rate a closed one later.

    Example: focco247 call close 12 --rating 5 --strengths "quick" --weaknesses "none"
    """
    from focco247.output.calls import Done
    from focco247.services.calls import close as run

    with store(write=True) as ctx:
        view = run(ctx, _id(call_id), rating, strengths, weaknesses)
    _done(view, json_, Done.CLOSED)


@app.command("link")
def link(
    call_id: CallArg,
    revoke: Annotated[
        bool,
        typer.Option("--revoke", help="Revoke the link: its URL shows a neutral page from now."),
    ] = False,
    json_: JsonOpt = False,
) -> None:
    """Print the requester's link to the call's page (the same URL until --revoke).

    The requester follows the call there, then closes it and rates it (R17). The link opens
    until portal.link_ttl after the call is closed.

    Example: focco247 call link 12
    """
    from focco247.output import jsonout
    from focco247.output import portal as portal_out
    from focco247.services import portal

    number = _id(call_id)
    with store(write=True) as ctx:
        result = portal.revoke(ctx, number) if revoke else portal.link(ctx, number)
        tz = ctx.tz
    if json_:
        jsonout.emit_json(portal_out.link_json(result, tz))
    else:
        for line in portal_out.link_lines(result, tz):
            print(line)


@app.command("show")
def show(call_id: CallArg, json_: JsonOpt = False) -> None:
    """Show a call and its story: levels, specialists, updates, time, resolution, rating.

    Example: focco247 call show 12
    """
    from focco247.output import calls as calls_out
    from focco247.output import calls_json, jsonout
    from focco247.services.calls import show as run

    with store() as ctx:
        view = run(ctx, _id(call_id))
    if json_:
        with in_documents_language():  # prose inside JSON: SPEC §5
            jsonout.emit_json(calls_json.call(view))
    else:
        calls_out.show_call(view)


@app.command("list")
def list_(
    client: Annotated[
        str | None, typer.Option("--client", help="Client code.", autocompletion=complete_client)
    ] = None,
    status: Annotated[
        str | None,
        typer.Option("--status", help="queued, open, parked, resolved, closed, refused..."),
    ] = None,
    level: Annotated[str | None, typer.Option("--level", help="1, 2 or 3.")] = None,
    month: Annotated[
        str | None, typer.Option("--month", help="YYYY-MM (opened that month).")
    ] = None,
    overdue: Annotated[
        bool, typer.Option("--overdue", help="Only level-3 calls owed an update.")
    ] = False,
    limit: Annotated[
        str | None,
        typer.Option(
            "--limit",
            metavar="N",
            help=f"Only the N most recent (on screen the default is {SCREEN_ROWS}).",
        ),
    ] = None,
    all_: Annotated[bool, typer.Option("--all", help="Every matching call on screen.")] = False,
    json_: JsonOpt = False,
) -> None:
    """List calls (overdue level-3 calls stand out), filtered by client, status, level, month.

    On screen, the most recent calls that match (--limit, --all); --json lists every match
    unless --limit is given.

    Example: focco247 call list --client ACME --month 2026-11
    """
    from focco247.domain.calls import parse_limit
    from focco247.output import calls as calls_out
    from focco247.output import calls_json, jsonout
    from focco247.services.calls import list_calls, stream_calls

    most = parse_limit(limit)
    if most is None and not (json_ or all_):
        most = SCREEN_ROWS
    if json_:  # streamed: the whole history of a book never sits in memory
        with store() as ctx, in_documents_language():  # prose inside JSON: SPEC §5
            rows = stream_calls(ctx, client, status, level, month, overdue, most)
            jsonout.emit_json_list("calls", map(calls_json.short_call, rows))
        return
    with store() as ctx:
        found = list_calls(ctx, client, status, level, month, overdue, most)
    calls_out.show_calls(found.calls, found.total)


@app.command("queue")
def queue(json_: JsonOpt = False) -> None:
    """The active call and the callbacks waiting, oldest first, with their waiting time.

    Example: focco247 call queue
    """
    from focco247.output import calls as calls_out
    from focco247.output import calls_json, jsonout
    from focco247.services.calls import queue as run

    with store() as ctx:
        result = run(ctx)
    if json_:
        with in_documents_language():  # prose inside JSON: SPEC §5
            jsonout.emit_json(calls_json.queue(result))
    else:
        calls_out.show_queue(result)


@app.command("overdue")
def overdue(json_: JsonOpt = False) -> None:
    """Level-3 calls whose requester is owed a progress update (R11).

    Example: focco247 call overdue
    """
    from focco247.output import calls as calls_out
    from focco247.output import calls_json, jsonout
    from focco247.services.calls import overdue as run

    with store() as ctx:
        found = run(ctx)
    if json_:
        with in_documents_language():  # prose inside JSON: SPEC §5
            jsonout.emit_json(calls_json.calls(found))
    else:
        calls_out.show_overdue(found)


from focco247.commands.call_cancel import cancel as _cancel  # noqa: E402

app.command("cancel")(_cancel)
