"""The demo book: load a few clients so a newcomer sees the tool work in one command."""

from __future__ import annotations

import tomllib
from dataclasses import dataclass
from datetime import date
from importlib import resources
from typing import Any

from sqlmodel import select

from focco247.domain.instants import parse_instant
from focco247.domain.money import parse_money
from focco247.services import contracts
from focco247.services.base import Ctx
from focco247.services.check import CheckResult, check
from focco247.store.models import Client


@dataclass
class DemoResult:
    loaded: list[str]
    skipped: list[str]
    tour: list[tuple[str, CheckResult]]

    def to_json(self) -> dict[str, Any]:
        return {
            "loaded": self.loaded,
            "skipped": self.skipped,
            "tour": [{"story": story, **result.to_json()} for story, result in self.tour],
        }


def demo_book() -> dict[str, Any]:
    text = resources.files("focco247.data").joinpath("demo.toml").read_text("utf-8")
    return tomllib.loads(text)


def load_demo(ctx: Ctx) -> DemoResult:
    """Add the demo clients that are not in the store yet, then run the tour of checks."""
    book = demo_book()
    loaded, skipped = [], []
    existing = set(ctx.session.exec(select(Client.code)).all())
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
    tour = [
        (
            stop["story"],
            check(ctx, stop["client"], parse_instant(stop["at"], ctx.tz), stop["product"]),
        )
        for stop in book["tour"]
    ]
    return DemoResult(loaded, skipped, tour)
