"""Every test gets its own store (created as `db init` does) and config file under tmp_path,
and a fixed clock.

With FOCCO247_TEST_PG set to a PostgreSQL server URL (an account that may create
databases), the whole suite runs against PostgreSQL instead: one database for the run,
a fresh schema per test. Tests that read the SQLite file itself are skipped there.
"""

from __future__ import annotations

import inspect
import json
import os
import uuid

import pytest
from typer.testing import CliRunner

# A Wednesday night in Caxias do Sul: off-hours, no holiday.
DEFAULT_NOW = "2026-11-25T22:00:00-03:00"

PG_SERVER = os.environ.get("FOCCO247_TEST_PG", "").strip()
BACKEND = "postgresql" if PG_SERVER else "sqlite"


def pytest_configure(config):
    config.addinivalue_line("markers", "sqlite_only: needs the SQLite store file itself")
    config.addinivalue_line("markers", "postgresql_only: needs a PostgreSQL store")
    config.addinivalue_line(
        "markers", "no_store: FOCCO247_DB names a location where no store was created"
    )
    config.addinivalue_line(
        "markers", "demo_store: the test's store is a demo store, as `focco247 demo` makes it"
    )


def pytest_report_header(config):
    return f"focco247 store back end: {BACKEND}"


def pytest_collection_modifyitems(config, items):
    for item in items:
        if BACKEND == "postgresql":
            if item.get_closest_marker("sqlite_only") or _reads_sqlite_file(item):
                item.add_marker(pytest.mark.skip(reason="reads the SQLite store file itself"))
        elif item.get_closest_marker("postgresql_only"):
            item.add_marker(pytest.mark.skip(reason="runs in the PostgreSQL pass"))


def _reads_sqlite_file(item) -> bool:
    """The test, or a helper or fixture of its module that it names, opens the file."""
    module = getattr(item, "module", None)
    helpers = (
        {
            name: value
            for name, value in vars(module).items()
            if inspect.isfunction(value) or hasattr(value, "_get_wrapped_function")
        }
        if module
        else {}
    )
    todo = [item.function, *(helpers[n] for n in item.fixturenames if n in helpers)]
    seen: set[int] = set()
    while todo:
        obj = todo.pop()
        if hasattr(obj, "_get_wrapped_function"):  # a pytest fixture object
            obj = obj._get_wrapped_function()
        if id(obj) in seen:
            continue
        seen.add(id(obj))
        try:
            source = inspect.getsource(obj)
        except (OSError, TypeError):
            continue
        if "sqlite3" in source or '"store.db"' in source:
            return True
        todo.extend(value for name, value in helpers.items() if name in source)
    return False


@pytest.fixture(scope="session")
def pg_database():
    """A database for this run on the FOCCO247_TEST_PG server (None on SQLite)."""
    if not PG_SERVER:
        yield None
        return
    import sqlalchemy as sa

    admin = sa.create_engine(PG_SERVER, isolation_level="AUTOCOMMIT", poolclass=sa.pool.NullPool)
    name = f"focco247_test_{uuid.uuid4().hex[:12]}"
    try:
        with admin.connect() as conn:
            conn.exec_driver_sql(f'CREATE DATABASE "{name}"')
    except sa.exc.OperationalError as exc:
        pytest.exit(f"FOCCO247_TEST_PG: the PostgreSQL server does not answer: {exc}", 1)
    url = sa.engine.make_url(PG_SERVER).set(database=name)
    engine = sa.create_engine(url, isolation_level="AUTOCOMMIT", poolclass=sa.pool.NullPool)
    yield url, engine
    engine.dispose()
    with admin.connect() as conn:
        conn.exec_driver_sql(f'DROP DATABASE IF EXISTS "{name}" WITH (FORCE)')
    admin.dispose()


@pytest.fixture
def store_location(tmp_path, pg_database):
    """FOCCO247_DB for one test: a SQLite file under tmp_path, or a fresh PostgreSQL schema."""
    if pg_database is None:
        yield str(tmp_path / "store.db")
        return
    url, engine = pg_database
    schema = f"t_{uuid.uuid4().hex[:16]}"
    with engine.connect() as conn:
        conn.exec_driver_sql(f"CREATE SCHEMA {schema}")
    yield url.update_query_dict({"options": f"-csearch_path={schema}"}).render_as_string(
        hide_password=False
    )
    with engine.connect() as conn:
        conn.exec_driver_sql(f"DROP SCHEMA {schema} CASCADE")


@pytest.fixture(autouse=True)
def isolated_env(request, tmp_path, monkeypatch, store_location):
    """The test's own env; its store created as `focco247 db init` does (a store is only ever
    created on purpose), unless the test is marked `no_store`; marked `demo_store`, a demo
    store as `focco247 demo` makes it."""
    if request.node.get_closest_marker("demo_store") is not None:
        from focco247.services.demo import create_demo_store

        create_demo_store(store_location)
    elif request.node.get_closest_marker("no_store") is None:
        from focco247.store.db import create_store

        create_store(store_location)
    monkeypatch.setenv("FOCCO247_DB", store_location)
    monkeypatch.setenv("FOCCO247_CONFIG", str(tmp_path / "config.toml"))
    monkeypatch.setenv("FOCCO247_CACHE", str(tmp_path / "cache"))
    monkeypatch.setenv("FOCCO247_NOW", DEFAULT_NOW)
    monkeypatch.setenv("FOCCO247_USER", "tester")
    monkeypatch.setenv("NO_COLOR", "1")
    monkeypatch.delenv("COLUMNS", raising=False)
    # English messages whatever the machine's locale; tests of Portuguese ask for it.
    monkeypatch.setenv("LANG", "C")
    for name in ("FOCCO247_LANG", "LC_ALL", "LC_MESSAGES"):
        monkeypatch.delenv(name, raising=False)
    from focco247 import i18n

    i18n.set_language(i18n.ENGLISH)
    return tmp_path


class Cli:
    """Runs focco247 in-process; `run` asserts the exit code, `json` parses stdout."""

    def __init__(self) -> None:
        from focco247.cli import app

        self.app = app
        self.runner = CliRunner()

    def invoke(self, *args: str, env: dict[str, str] | None = None):
        return self.runner.invoke(self.app, list(args), env=env)

    def run(self, *args: str, code: int = 0, env: dict[str, str] | None = None):
        result = self.invoke(*args, env=env)
        assert result.exit_code == code, (
            f"focco247 {' '.join(args)} exited {result.exit_code}, expected {code}\n"
            f"stdout: {result.stdout}\nstderr: {result.stderr}\n{result.exception!r}"
        )
        return result

    def json(self, *args: str, code: int = 0, env: dict[str, str] | None = None):
        return json.loads(self.run(*args, "--json", code=code, env=env).stdout)


@pytest.fixture
def cli() -> Cli:
    return Cli()


@pytest.fixture
def acme(cli: Cli) -> str:
    """GLT R$ 5.000,00 (R$ 180,00/h) since 2025-01-01; the add-on since 2025-06-01."""
    cli.run("client", "add", "ACME", "--name", "Acme Metalúrgica", "--state", "RS")
    cli.run(
        "contract", "glt", "ACME", "--monthly", "5.000,00", "--hourly-rate", "180",
        "--since", "2025-01-01",
    )  # fmt: skip
    cli.run("contract", "subscribe", "ACME", "--since", "2025-06-01")
    return "ACME"


@pytest.fixture
def beta(cli: Cli) -> str:
    """A client with GLT only (no add-on) since 2011-01-01."""
    cli.run("client", "add", "BETA", "--name", "Beta Plásticos", "--state", "SC")
    cli.run(
        "contract", "glt", "BETA", "--monthly", "3200", "--hourly-rate", "150",
        "--since", "2011-01-01",
    )  # fmt: skip
    return "BETA"
