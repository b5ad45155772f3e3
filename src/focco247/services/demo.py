"""The demo book: load a few clients so a newcomer sees the tool work in one command.

Demo data never mixes with real data (SPEC §5): `demo` and `demo seed` write only into a
demo store, marked as such when they create it where there is no store; a store for real
work (`focco247 db init`) is refused unchanged. A demo store's invoices are numbered
`DEMO-…`, and `focco247 db init --replace-demo` discards it to start real work.
"""

from __future__ import annotations

import tomllib
from dataclasses import dataclass

from focco247 import paths
from focco247.domain.contracts import AddonPeriod, GltTerm
from focco247.domain.instants import parse_instant
from focco247.domain.money import parse_money
from focco247.errors import StateError
from focco247.i18n import _
from focco247.services import contracts
from focco247.services.base import Ctx
from focco247.services.check import CheckResult, check
from focco247.store import db
from focco247.store.queries import clients as client_queries
from focco247.store.queries import meta as meta_queries

DEMO_COMMAND = "focco247 demo"
SEED_COMMAND = "focco247 demo seed"


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


@dataclass(frozen=True)
class DemoStore:
    store: str  # the location as shown to people (credentials masked)
    created: bool  # a demo store was created for this run


def _real_store_refusal(location: str, command: str) -> StateError:
    return StateError(
        _(
            "The store {store} is not a demo store, and demo data never goes into a store "
            "for real work; run the demo in a store of its own, e.g. "
            "`FOCCO247_DB=/tmp/focco247-demo.db {command}`."
        ).format(store=db.display_location(location), command=command)
    )


def create_demo_store(location: str) -> db.InitResult:
    """Create a store marked as the demo's (no store may be there yet)."""
    return db.create_store(location, stamp=db.mark_kind(db.DEMO_KIND))


def demo_store(location: str, command: str = DEMO_COMMAND) -> DemoStore:
    """Where the demo may write: a demo store is created where there is no store, an existing
    demo store is used again, and a store for real work is refused, read-only and
    untouched, with one sentence saying how to run the demo elsewhere. (A store this code
    cannot use, older or foreign, is left to the transaction's own refusal.)"""
    found = db.probe(location)
    if found.state is db.StoreState.MISSING:
        result = create_demo_store(location)
        if not result.demo:  # another process made a real store meanwhile
            raise _real_store_refusal(location, command)
        return DemoStore(result.store, result.created)
    if found.state is db.StoreState.CURRENT and not found.demo:
        raise _real_store_refusal(location, command)
    return DemoStore(found.store, created=False)


def require_demo_store(ctx: Ctx, command: str = DEMO_COMMAND) -> None:
    """Inside the writing transaction (under the store's write lock): refuse anything but a
    demo store, so demo data never lands in a store for real work."""
    if not meta_queries.is_demo(ctx.session):
        raise _real_store_refusal(paths.db_location(), command)


def load_demo(ctx: Ctx) -> DemoResult:
    """Add the demo clients that are not in the store yet, then run the tour of checks.
    Only a demo store takes them (see `demo_store`)."""
    require_demo_store(ctx, DEMO_COMMAND)
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
