"""Stores through the installed executable: a store is created only by `db init`; a file
that is not a current focco247 store is refused byte for byte untouched; reads work on
read-only media; credentials never reach the screen; a backup that fails on a full disk
leaves nothing behind. (Issue 11, points 1, 3, 4, 12 and 14; SPEC §2 and §5 "Stores".)

CI runs as root, where permissions do not stop writes: read-only media and a full disk are
simulated by fault injection in the child process (a `sitecustomize` on PYTHONPATH)."""

from __future__ import annotations

import os
import sqlite3
import stat
import subprocess
import textwrap
from pathlib import Path

import pytest
from tests.support import executable, one_sentence, snapshot

pytestmark = [pytest.mark.e2e, pytest.mark.sqlite_only]

SECRETS = ("s3cret-pw", "hunter2-q", "tok-9f8e")
PG_URL = (
    "postgresql+psycopg://bob:s3cret-pw@127.0.0.1:1/books"
    "?password=hunter2-q&sslpassword=hunter2-q&access_token=tok-9f8e&application_name=f247"
)


def run(*args: str, env: dict[str, str] | None = None, umask: int | None = None):
    merged = {**os.environ, **(env or {})}
    return subprocess.run(
        [executable(), *args],
        capture_output=True,
        text=True,
        env=merged,
        preexec_fn=(lambda: os.umask(umask)) if umask is not None else None,
        timeout=120,
    )


# --- 1. a store is created only on purpose ---------------------------------------------------


@pytest.mark.no_store
def test_a_mistyped_store_path_creates_nothing_and_names_db_init(tmp_path):
    missing = tmp_path / "nonexistent" / "store.db"
    done = run("client", "list", env={"FOCCO247_DB": str(missing)})
    assert done.returncode == 1
    sentence = one_sentence(done.stderr)
    assert str(missing) in sentence and "focco247 db init" in sentence
    assert not (tmp_path / "nonexistent").exists()


@pytest.mark.no_store
@pytest.mark.parametrize(
    "args",
    [
        ("client", "add", "ACME", "--name", "Acme"),
        ("invoice", "month", "--previous", "--issue", "--format", "csv", "--output", "-"),
        ("call", "queue"),
        ("check", "ACME"),
        ("db", "check"),
        ("db", "stats"),
        ("db", "upgrade"),
        ("db", "backup", "copy.db"),
    ],
)
def test_every_command_but_db_init_refuses_a_missing_store_and_creates_nothing(tmp_path, args):
    store = tmp_path / "store.db"
    done = run(*args, env={"FOCCO247_DB": str(store)})
    assert done.returncode == 1, done.stdout
    assert str(store) in one_sentence(done.stderr)
    assert "focco247 db init" in done.stderr
    assert done.stdout == ""
    assert not store.exists()
    assert not [p.name for p in tmp_path.iterdir() if p.name.startswith(("store", "copy"))]


@pytest.mark.no_store
def test_db_path_works_without_a_store_and_creates_nothing(tmp_path):
    store = tmp_path / "deep" / "store.db"
    done = run("db", "path", env={"FOCCO247_DB": str(store)})
    assert done.returncode == 0 and done.stdout.strip() == str(store)
    assert not (tmp_path / "deep").exists()


@pytest.mark.no_store
def test_db_init_makes_its_folders_0700_and_the_file_0600_whatever_the_umask(tmp_path):
    store = tmp_path / "a" / "b" / "store.db"
    done = run("db", "init", env={"FOCCO247_DB": str(store)}, umask=0)
    assert done.returncode == 0, done.stderr
    assert "Created the store" in done.stdout
    for folder in (tmp_path / "a", tmp_path / "a" / "b"):
        assert stat.S_IMODE(folder.stat().st_mode) == 0o700, folder
    assert stat.S_IMODE(store.stat().st_mode) == 0o600
    listed = run("client", "list", "--json", env={"FOCCO247_DB": str(store)})
    assert listed.returncode == 0, listed.stderr


@pytest.mark.no_store
def test_db_init_on_a_current_store_says_so_and_changes_nothing(tmp_path):
    env = {"FOCCO247_DB": str(tmp_path / "store.db")}
    assert run("db", "init", env=env).returncode == 0
    assert run("client", "add", "ACME", "--name", "Acme", env=env).returncode == 0
    before = snapshot(tmp_path)
    again = run("db", "init", env=env)
    assert again.returncode == 0, again.stderr
    assert "already exists" in again.stdout and "nothing was changed" in again.stdout
    assert snapshot(tmp_path) == before


@pytest.mark.no_store
def test_db_init_on_an_older_store_points_to_db_upgrade_and_changes_nothing(tmp_path):
    store = tmp_path / "store.db"
    env = {"FOCCO247_DB": str(store)}
    assert run("db", "init", env=env).returncode == 0
    with sqlite3.connect(store) as conn:
        conn.execute("UPDATE alembic_version SET version_num = '0001'")
    conn.close()
    before = snapshot(tmp_path)
    done = run("db", "init", env=env)
    assert done.returncode == 1
    assert "focco247 db upgrade" in one_sentence(done.stderr)
    assert snapshot(tmp_path) == before


# --- 3. identify the store before changing anything ------------------------------------------


def _notes_app(path: Path) -> None:
    with sqlite3.connect(path) as conn:
        conn.execute("CREATE TABLE notes (id INTEGER PRIMARY KEY, body TEXT)")
        conn.execute("INSERT INTO notes (body) VALUES ('keep me')")
    conn.close()


def _alembic_app(path: Path) -> None:
    with sqlite3.connect(path) as conn:
        conn.execute("CREATE TABLE alembic_version (version_num VARCHAR(32) PRIMARY KEY)")
        conn.execute("INSERT INTO alembic_version VALUES ('ae1027a6acf')")
        conn.execute("CREATE TABLE orders (id INTEGER PRIMARY KEY, total INTEGER)")
    conn.close()


def _text_file(path: Path) -> None:
    path.write_text("not a database at all\n")


@pytest.mark.no_store
@pytest.mark.parametrize("make", [_notes_app, _alembic_app, _text_file])
@pytest.mark.parametrize(
    "args",
    [("db", "init"), ("client", "add", "X", "--name", "X"), ("client", "list"), ("db", "upgrade")],
)
def test_another_applications_file_is_refused_and_stays_byte_for_byte_the_same(
    tmp_path, make, args
):
    folder = tmp_path / "other"
    folder.mkdir()
    store = folder / "app.db"
    make(store)
    before = snapshot(folder)
    done = run(*args, env={"FOCCO247_DB": str(store)})
    assert done.returncode == 1
    sentence = one_sentence(done.stderr)
    assert "not a focco247 store" in sentence or "not a focco247 database" in sentence
    assert "newer focco247" not in sentence
    assert snapshot(folder) == before  # no WAL switch, no -wal / -shm / -journal left


@pytest.mark.no_store
def test_a_store_written_by_a_newer_focco247_is_told_apart_from_another_app(tmp_path):
    store = tmp_path / "store.db"
    env = {"FOCCO247_DB": str(store)}
    assert run("db", "init", env=env).returncode == 0
    with sqlite3.connect(store) as conn:
        conn.execute("UPDATE alembic_version SET version_num = '0099'")
    conn.close()
    before = snapshot(tmp_path)
    for args in (("db", "init"), ("client", "list")):
        done = run(*args, env=env)
        assert done.returncode == 1
        assert "newer focco247 (revision 0099" in one_sentence(done.stderr)
    assert snapshot(tmp_path) == before


# --- 4. reads on read-only media -------------------------------------------------------------

READ_ONLY_MEDIA = '''
    """Fault injection: the folder FOCCO247_TEST_RO_DIR is on read-only media (EROFS)."""
    import errno, os, sqlite3

    _RO = os.path.realpath(os.environ["FOCCO247_TEST_RO_DIR"])

    def _inside(path):
        text = os.fsdecode(path)
        if text.startswith("file:"):
            from urllib.parse import unquote
            text = unquote(text[5:].split("?", 1)[0])
        return os.path.realpath(text).startswith(_RO)

    _access = os.access
    def access(path, mode, *args, **kwargs):
        if mode & os.W_OK and _inside(path):
            return False
        return _access(path, mode, *args, **kwargs)
    os.access = access

    _open = os.open
    def open_(path, flags, *args, **kwargs):
        if flags & (os.O_WRONLY | os.O_RDWR | os.O_CREAT) and _inside(path):
            raise OSError(errno.EROFS, "Read-only file system", path)
        return _open(path, flags, *args, **kwargs)
    os.open = open_

    _connect = sqlite3.connect
    def connect(database, *args, **kwargs):
        # Only a read-only open may reach the store; anything else meets the read-only media.
        if _inside(database) and "mode=ro" not in os.fsdecode(database):
            raise sqlite3.OperationalError("attempt to write a readonly database")
        return _connect(database, *args, **kwargs)
    sqlite3.connect = connect
'''


def _fault_env(tmp_path: Path, code: str, extra: dict[str, str]) -> dict[str, str]:
    hooks = tmp_path / "hooks"
    hooks.mkdir(exist_ok=True)
    (hooks / "sitecustomize.py").write_text(textwrap.dedent(code))
    path = os.pathsep.join(p for p in (str(hooks), os.environ.get("PYTHONPATH", "")) if p)
    return {"PYTHONPATH": path, **extra}


@pytest.mark.no_store
def test_reads_work_on_a_read_only_store_and_write_nothing_beside_it(tmp_path):
    media = tmp_path / "media"
    media.mkdir()
    store = media / "store.db"
    env = {"FOCCO247_DB": str(store)}
    assert run("db", "init", env=env).returncode == 0
    assert run("client", "add", "ACME", "--name", "Acme", env=env).returncode == 0
    before = snapshot(media)
    ro = _fault_env(tmp_path, READ_ONLY_MEDIA, {**env, "FOCCO247_TEST_RO_DIR": str(media)})
    listed = run("client", "list", "--json", env=ro)
    assert listed.returncode == 0, listed.stderr
    assert '"ACME"' in listed.stdout
    for args in (("db", "stats", "--json"), ("db", "check", "--json"), ("check", "ACME")):
        done = run(*args, env=ro)
        assert done.returncode in (0, 3), (args, done.stderr)
    refused = run("client", "add", "BETA", "--name", "Beta", env=ro)
    assert refused.returncode == 1
    assert "read-only" in one_sentence(refused.stderr)
    assert snapshot(media) == before
    assert sorted(p.name for p in media.iterdir()) == ["store.db"]


# --- 12. credentials are masked everywhere ---------------------------------------------------


@pytest.mark.no_store
@pytest.mark.parametrize(
    "args",
    [
        ("db", "path"),
        ("db", "path", "--json"),
        ("db", "stats"),
        ("db", "check", "--json"),
        ("db", "upgrade"),
        ("db", "init"),
        ("db", "backup", "x.db"),
        ("client", "list"),
    ],
)
def test_no_credential_form_of_a_postgresql_url_is_ever_printed(tmp_path, args):
    done = run(*args, env={"FOCCO247_DB": PG_URL})
    shown = done.stdout + done.stderr
    assert "Traceback" not in shown
    for secret in SECRETS:
        assert secret not in shown, (args, shown)
    assert "bob" in shown or (args[:2] == ("db", "backup") and "pg_dump" in shown)


# --- 14. a backup that fails on a full disk leaves nothing -----------------------------------

FULL_DISK = '''
    """Fault injection: the disk fills up while SQLite copies the store into the backup."""
    import errno, os, sqlite3

    _connect = sqlite3.connect
    _KIND = os.environ["FOCCO247_TEST_FULL_DISK"]

    class _Source:
        def __init__(self, conn):
            self._conn = conn
        def __getattr__(self, name):
            return getattr(self._conn, name)
        def backup(self, target, **kwargs):
            self._conn.backup(target, pages=1)  # part of the copy is written...
            journal = [r[2] for r in target.execute("PRAGMA database_list")][0] + "-journal"
            open(journal, "wb").write(b"\\0" * 512)  # ...with SQLite's journal beside it
            if _KIND == "oserror":
                raise OSError(errno.ENOSPC, "No space left on device")
            raise sqlite3.OperationalError("database or disk is full")

    def connect(database, *args, **kwargs):
        conn = _connect(database, *args, **kwargs)
        return _Source(conn) if "mode=ro" in os.fsdecode(database) else conn
    sqlite3.connect = connect
'''


@pytest.mark.no_store
@pytest.mark.parametrize("kind", ["oserror", "sqlite"])
def test_a_backup_that_fails_on_a_full_disk_leaves_nothing_behind(tmp_path, kind):
    store = tmp_path / "store.db"
    env = {"FOCCO247_DB": str(store)}
    assert run("db", "init", env=env).returncode == 0
    assert run("client", "add", "ACME", "--name", "Acme", env=env).returncode == 0
    target = tmp_path / "backups"
    target.mkdir()
    full = _fault_env(tmp_path, FULL_DISK, {**env, "FOCCO247_TEST_FULL_DISK": kind})
    done = run("db", "backup", str(target), env=full)
    assert done.returncode == 1
    assert "full" in one_sentence(done.stderr)
    assert list(target.iterdir()) == []
