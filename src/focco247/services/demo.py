"""The demo book: load a few clients so a newcomer sees the tool work in one command."""

from __future__ import annotations

import tomllib
from dataclasses import dataclass

from focco247 import paths
from focco247.domain.contracts import AddonPeriod, GltTerm
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


@dataclass(frozen=True)
class DemoClient:
    code: str
    name: str
    state: str | None
    glt: tuple[GltTerm, ...]
    addon: tuple[AddonPeriod, ...]


@dataclass(frozen=True)
class TourPlan:
    """A check the tour makes: who, when (policy time zone), which product, and why."""

    client: str
    at: str
    product: str
    story: str


@dataclass(frozen=True)
class DemoBook:
    clients: tuple[DemoClient, ...]
    tour: tuple[TourPlan, ...]


def demo_book() -> DemoBook:
    """The book in data/demo.toml."""
    doc = tomllib.loads(paths.data_file("demo.toml").read_text("utf-8"))
    clients = tuple(
        DemoClient(
            item["code"],
            item["name"],
            item.get("state"),
            tuple(
                GltTerm(t["since"], parse_money(t["monthly"]), parse_money(t["hourly_rate"]))
                for t in item["glt"]
            ),
            tuple(AddonPeriod(p["first_day"], p.get("last_day")) for p in item["addon"]),
        )
        for item in doc["clients"]
    )
    tour = tuple(
        TourPlan(stop["client"], stop["at"], stop["product"], stop["story"]) for stop in doc["tour"]
    )
    return DemoBook(clients, tour)


def load_demo(ctx: Ctx) -> DemoResult:
    """Add the demo clients that are not in the store yet, then run the tour of checks."""
    book = demo_book()
    loaded: list[str] = []
    skipped: list[str] = []
    existing = set(client_queries.client_codes(ctx.session))
    for client in book.clients:
        if client.code in existing:
            skipped.append(client.code)
            continue
        contracts.add_client(ctx, client.code, client.name, client.state)
        for term in client.glt:
            contracts.set_glt(ctx, client.code, term.monthly, term.hourly_rate, term.since)
        for period in client.addon:
            contracts.subscribe(ctx, client.code, period.first_day, period.last_day)
        loaded.append(client.code)
    ctx.session.flush()
    tour = tuple(
        DemoStop(
            stop.story,
            check(ctx, stop.client, parse_instant(stop.at, ctx.tz), stop.product),
        )
        for stop in book.tour
    )
    return DemoResult(tuple(loaded), tuple(skipped), tour)
