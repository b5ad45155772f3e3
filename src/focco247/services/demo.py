"""The demo book: load a few clients so a newcomer sees the tool work in one command."""

from __future__ import annotations

import tomllib
from dataclasses import dataclass
from datetime import date
from typing import Any

from focco247 import paths
from focco247.domain.instants import parse_instant
from focco247.domain.money import parse_money
from focco247.services import contracts
from focco247.services.base import Ctx
from focco247.services.check import CheckResult, check
from focco247.store.queries import clients as client_queries


@dataclass(frozen=True)
class DemoStop:
    """One stop of the tour: the situation it shows and the check's answer."""

    story: str
    result: CheckResult


@dataclass(frozen=True)
class DemoResult:
    loaded: tuple[str, ...]
    skipped: tuple[str, ...]
    tour: tuple[DemoStop, ...]


def demo_book() -> dict[str, Any]:
    return tomllib.loads(paths.data_file("demo.toml").read_text("utf-8"))


def load_demo(ctx: Ctx) -> DemoResult:
    """Add the demo clients that are not in the store yet, then run the tour of checks."""
    book = demo_book()
    loaded: list[str] = []
    skipped: list[str] = []
    existing = set(client_queries.client_codes(ctx.session))
    for item in book["clients"]:
        if item["code"] in existing:
            skipped.append(item["code"])
            continue
        contracts.add_client(ctx, item["code"], item["name"], item.get("state"))
        for term in item["glt"]:
            contracts.set_glt(
                ctx,
                item["code"],
                parse_money(term["monthly"]),
                parse_money(term["hourly_rate"]),
                term["since"],
            )
        for period in item["addon"]:
            last: date | None = period.get("last_day")
            contracts.subscribe(ctx, item["code"], period["first_day"], last)
        loaded.append(item["code"])
    ctx.session.flush()
    tour = tuple(
        DemoStop(
            stop["story"],
            check(ctx, stop["client"], parse_instant(stop["at"], ctx.tz), stop["product"]),
        )
        for stop in book["tour"]
    )
    return DemoResult(tuple(loaded), tuple(skipped), tour)
