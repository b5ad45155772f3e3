"""What every command shares: the options scripts rely on and the one transaction per command."""

from __future__ import annotations

from collections.abc import Iterator
from contextlib import contextmanager
from typing import TYPE_CHECKING, Annotated, cast

import typer

from focco247 import paths

if TYPE_CHECKING:
    from datetime import datetime

    from sqlmodel import Session

    from focco247.config import MachineConfig
    from focco247.domain.policy import Policy
    from focco247.services.base import Ctx, Reads

JsonOpt = Annotated[bool, typer.Option("--json", help="Print exactly one JSON document.")]
AtOpt = Annotated[
    str | None,
    typer.Option(
        "--at",
        help='Instant, e.g. "2026-11-24 21:30" (policy time zone) or ISO 8601 with offset.',
    ),
]

_actor: dict[str, str | None] = {"name": None}


def set_actor(name: str | None) -> None:
    _actor["name"] = name.strip() if name and name.strip() else None


def machine(check: bool = True) -> MachineConfig:
    """This machine's configuration; policy keys found in it are refused (R20) unless
    `check` is off (`policy import` of the file itself)."""
    from focco247.config import read_machine

    return read_machine(paths.config_path(), allow_policy=not check)


def actor(on_shift: str | None = None) -> str:
    """Who is making a change (SPEC §5): --as, then FOCCO247_USER, then the machine config's
    user, then the attendant on the shift started from this machine, then the OS user."""
    return (
        _actor["name"]
        or paths.user_override()
        or machine().user
        or on_shift
        or paths.default_actor()
    )


def load_policy() -> Policy:
    """The policy in force now, read from the store (the defaults where there is none yet)."""
    from focco247.domain.instants import utc_now_from
    from focco247.domain.policy import Policy
    from focco247.services.policy import policy_if_stored

    machine()
    stored = policy_if_stored(paths.db_location(), paths.now_override())
    if stored is not None:
        return stored
    policy = Policy.default()
    utc_now_from(paths.now_override(), policy.timezone)  # a bad FOCCO247_NOW still says so
    return policy


@contextmanager
def store(write: bool = False, check_machine: bool = True, lite: bool = False) -> Iterator[Ctx]:
    """Open the store for one command: one transaction, committed when the block ends.
    The policy is the store's, in force today (R20); the actor is resolved as in `actor`.

    `lite`: the command reads only through ctx.reads (`check`): on a SQLite store named by
    its path, the transaction runs on the sqlite3 module, without the ORM (store/lite.py)."""
    location = paths.db_location()
    if lite:
        from focco247.store import lite as lite_store

        if lite_store.serves(location):
            from focco247.store.queries.lite import LiteReads

            mine = machine(check_machine)
            with lite_store.transaction(location, write=write) as conn:
                yield _context(_NO_SESSION, LiteReads(conn), mine)
            return
    from focco247.store.db import transaction

    mine = machine(check_machine)
    with transaction(location, write=write) as session:
        from focco247.store.queries.reads import OrmReads

        yield _context(session, OrmReads(session), mine)


class _NoSession:
    """The session of a store opened without the ORM: any use of it is a bug, said loudly."""

    def __getattr__(self, name: str) -> object:
        raise AttributeError(f"no ORM session on the lite path (session.{name})")


# A Session for the type checker; store(lite=True) commands read through ctx.reads only.
_NO_SESSION = cast("Session", _NoSession())


def _context(session: Session, reads: Reads, mine: MachineConfig) -> Ctx:
    from focco247 import config
    from focco247.services.base import Ctx, attendant_on_shift, policy_now

    timeline, policy, now = policy_now(reads, paths.now_override())
    explicit = _actor["name"] or paths.user_override() or mine.user
    on_shift = None if explicit else attendant_on_shift(reads, mine.machine_id)
    return Ctx(
        session=session,
        policy=policy,
        now=now,
        actor=explicit or on_shift or paths.default_actor(),
        cache_dir=paths.cache_dir(),
        timeline=timeline,
        machine_id=lambda: config.ensure_machine_id(paths.config_path()),
        store_reads=reads,
    )


def instant_or_none(ctx: Ctx, text: str | None) -> datetime | None:
    """An `--at` in any form of SPEC §3; a bare `23:40` that fell on yesterday is said so
    (on stderr, so a --json document stays alone on stdout)."""
    from focco247.domain.instants import parse_at

    if text is None:
        return None
    typed = parse_at(text, ctx.tz, ctx.now)
    if typed.rolled_to is not None:
        from focco247.output.dates import rolled_note

        rolled_note(text, typed.at, typed.rolled_to, ctx.tz)
    return typed.at
