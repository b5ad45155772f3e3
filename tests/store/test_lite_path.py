"""The hot commands' own read path answers as the ORM's, on random books.

`check` on a SQLite store named by its path reads through store/queries/lite.py on the
sqlite3 module (store/lite.py); the same store named by a `sqlite:///` URL keeps the ORM's
transaction and the selects of store/queries/<noun>.py. On random clients, contracts,
add-on periods, exceptional uses, policy timelines, shifts and clocks: every read answers
the same, and the command prints the same bytes and exits the same, text and --json.
"""

from __future__ import annotations

import json
import os
import tempfile
from dataclasses import dataclass, fields
from datetime import UTC, date, datetime, timedelta
from pathlib import Path

import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from focco247.store.db import create_store, transaction
from focco247.store.lite import transaction as lite_transaction
from focco247.store.models import Call, Client, GltTermRow, PolicyEntry, Shift, Subscription
from focco247.store.queries.lite import LiteReads
from focco247.store.queries.reads import OrmReads

pytestmark = pytest.mark.sqlite_only

CODES = ("ACME", "ACMX", "BETA", "GAMA")
CREATED = datetime(2020, 1, 1, 12, tzinfo=UTC)
days = st.dates(min_value=date(2010, 1, 1), max_value=date(2028, 12, 31))
cents = st.integers(min_value=1, max_value=10**11)


@dataclass(frozen=True)
class Book:
    clients: list[tuple]
    policy: list[tuple[str, object, date]]
    shifts: list[tuple[str, str | None, bool]]


# Timeline keys with values the policy accepts, so every book is a usable store.
POLICY_VALUES = st.sampled_from(
    [
        ("enforcement_start", "2026-12-01"),
        ("enforcement_start", "2012-06-01"),
        ("documents.language", "en"),
        ("documents.language", "pt_BR"),
        ("business_hours.saturday", ["09:00-13:00"]),
        ("business_hours.wednesday", ["08:00-23:30"]),
        ("products.FoccoLOJAS", {"covered": True}),
        ("timezone", "America/Manaus"),
        ("sales.phone", "(11) 4000 0000"),
    ]
)

client = st.tuples(
    st.text(min_size=1, max_size=12),  # name
    st.sampled_from([None, "Ana Souza", "ana souza", "Bruno"]),  # preferred contact
    st.sampled_from([None, "5499876543"]),
    st.booleans(),  # retired
    st.lists(st.tuples(days, cents, cents), max_size=3),  # GLT terms (since, monthly, hourly)
    st.lists(st.tuples(days, st.none() | st.integers(0, 900)), max_size=3),  # add-on periods
    st.lists(
        st.tuples(
            st.sampled_from(["covered", "exceptional", "refused", "business_hours"]),
            st.sampled_from(["open", "queued", "closed", "cancelled", "refused"]),
        ),
        max_size=3,
    ),  # calls
)

books = st.builds(
    Book,
    clients=st.lists(client, min_size=1, max_size=len(CODES)),
    policy=st.lists(st.tuples(POLICY_VALUES, days), max_size=4).map(
        lambda entries: [(key, value, since) for (key, value), since in entries]
    ),
    shifts=st.lists(
        st.tuples(
            st.sampled_from(["Carla", "Davi"]), st.sampled_from([None, "m1", "m2"]), st.booleans()
        ),
        max_size=2,
    ),
)

ASKS = st.tuples(
    st.sampled_from([*CODES, "acme", "ACM", "ZZZ"]),
    st.sampled_from(
        [
            None,
            "2026-11-25 22:00",  # a Wednesday night
            "2026-11-25 10:00",  # business hours
            "2026-11-28 10:00",  # a Saturday
            "2026-11-20 10:00",  # a national holiday
            "2012-05-31 23:00",  # before enforcement
            "2026-11-25T23:40:00-05:00",
        ]
    ),
    st.sampled_from([None, "foccolojas", "FoccoERP", "ERP", "Nope"]),
    st.sampled_from([None, "Ana Souza", "Bruno", " "]),
    st.sampled_from([None, "bench"]),  # FOCCO247_USER (None: the shift's attendant, or the OS)
    st.sampled_from(["C", "pt_BR.UTF-8"]),
)


def build(location: str, book: Book) -> None:
    create_store(location)
    with transaction(location, write=True) as session:
        for position, (name, contact, phone, retired, terms, periods, calls) in enumerate(
            book.clients
        ):
            row = Client(
                code=CODES[position],
                name=name,
                created_at=CREATED,
                contact_name=contact,
                contact_phone=phone if contact else None,
                retired_at=CREATED if retired else None,
                retired_reason="left" if retired else None,
            )
            session.add(row)
            session.flush()
            assert row.id is not None
            for since in {since: None for since, _, _ in terms}:  # one term per date
                monthly, hourly = next((m, h) for s, m, h in terms if s == since)
                session.add(
                    GltTermRow(
                        client_id=row.id,
                        since=since,
                        monthly_cents=monthly,
                        hourly_rate_cents=hourly,
                        created_at=CREATED,
                    )
                )
            for first, length in periods:
                last = None if length is None else first + timedelta(days=length)
                session.add(
                    Subscription(
                        client_id=row.id, first_day=first, last_day=last, created_at=CREATED
                    )
                )
            for verdict, status in calls:
                session.add(
                    Call(
                        client_id=row.id,
                        product="FoccoERP",
                        caller="x",
                        summary="x",
                        opened_at=CREATED,
                        verdict=verdict,
                        status=status,
                    )
                )
        for key, value, since in book.policy:
            session.add(
                PolicyEntry(
                    key=key,
                    value=json.dumps(value, ensure_ascii=False, sort_keys=True),
                    since=since,
                    recorded_at=CREATED,
                    actor="prop",
                )
            )
        for minute, (attendant, machine, ended) in enumerate(book.shifts):
            started = CREATED + timedelta(minutes=minute)
            session.add(
                Shift(
                    attendant=attendant,
                    started_at=started,
                    ended_at=started if ended else None,
                    machine_id=machine,
                )
            )


def _pair(orm: object, lite: object) -> None:
    if isinstance(lite, list):
        assert isinstance(orm, list)
        assert len(orm) == len(lite)
        for one, other in zip(orm, lite, strict=True):
            _pair(one, other)
        return
    if lite is None or isinstance(lite, str | int):
        assert orm == lite
        return
    for field in fields(type(lite)):
        assert getattr(orm, field.name) == getattr(lite, field.name), field.name


def assert_same_reads(location: str) -> None:
    with (
        transaction(location, write=False) as session,
        lite_transaction(location, write=False) as conn,
    ):
        orm, lite = OrmReads(session), LiteReads(conn)
        _pair(orm.policy_entries(), lite.policy_entries())
        assert orm.client_codes() == lite.client_codes()
        for machine in ("m1", "m2", "m3"):
            assert orm.attendant_on_shift_from(machine) == lite.attendant_on_shift_from(machine)
        for code in (*CODES, "acme", "ZZZ"):
            found = orm.client_by_code(code)
            if found is None:
                assert lite.client_by_code(code) is None
                continue
            _pair(found, lite.client_by_code(code))
            assert found.id is not None
            _pair(orm.glt_rows(found.id), lite.glt_rows(found.id))
            _pair(orm.subscriptions(found.id), lite.subscriptions(found.id))
            assert orm.exceptional_call_id(found.id) == lite.exceptional_call_id(found.id)


def run_check(cli, location: str, args: list[str], env: dict[str, str | None]):
    result = cli.invoke("check", *args, env={**env, "FOCCO247_DB": location})
    return result.exit_code, result.stdout, result.stderr


@settings(
    max_examples=40,
    deadline=None,
    suppress_health_check=[HealthCheck.too_slow, HealthCheck.function_scoped_fixture],
)
@given(book=books, ask=ASKS)
def test_check_on_the_lite_path_reads_and_says_what_the_orm_path_does(cli, tmp_path, book, ask):
    code, at, product, caller, user, lang = ask
    with tempfile.TemporaryDirectory(dir=tmp_path) as tmp:
        location = str(Path(tmp) / "book.db")
        build(location, book)
        assert_same_reads(location)
        config = Path(tmp) / "config.toml"
        config.write_text('machine_id = "m1"\n')
        env: dict[str, str | None] = {
            "FOCCO247_USER": user,
            "FOCCO247_CONFIG": str(config),
            "LANG": lang,
        }
        args = [code]
        for option, value in (("--at", at), ("--product", product), ("--caller", caller)):
            if value is not None:
                args += [option, value]
        for extra in ([], ["--json"]):
            lite = run_check(cli, location, [*args, *extra], env)
            orm = run_check(cli, f"sqlite:///{location}", [*args, *extra], env)
            assert lite == orm
    assert os.environ["FOCCO247_DB"] != location  # the test's own store is left alone
