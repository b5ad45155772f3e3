"""What every command shares: the options scripts rely on and the one transaction per command."""

from __future__ import annotations

from collections.abc import Iterator
from contextlib import contextmanager
from typing import TYPE_CHECKING, Annotated

import typer

from focco247 import paths

if TYPE_CHECKING:
    from datetime import datetime

    from focco247.domain.policy import Policy
    from focco247.services.base import Ctx

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


def actor() -> str:
    return _actor["name"] or paths.default_actor()


def load_policy() -> Policy:
    from focco247.config import load_policy as load

    return load(paths.config_path())


@contextmanager
def store(write: bool = False) -> Iterator[Ctx]:
    """Open the store for one command: one transaction, committed when the block ends."""
    from focco247.domain.instants import utc_now_from
    from focco247.services.base import Ctx
    from focco247.store.db import transaction

    policy = load_policy()
    now = utc_now_from(paths.now_override(), policy.timezone)
    with transaction(paths.db_location(), write=write) as session:
        yield Ctx(
            session=session, policy=policy, now=now, actor=actor(), cache_dir=paths.cache_dir()
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
