"""`call link`: one unguessable URL per call, the same until revoked, never stored as such."""

from __future__ import annotations

import re

import sqlalchemy as sa
from sqlmodel import SQLModel

TOKEN = re.compile(r"^http://127\.0\.0\.1:8247/r/([A-Za-z0-9_-]{43})$")


def test_link_prints_the_same_url_until_revoked_then_a_new_one(book, cli):
    call_id = book.open_call()
    first = cli.json("call", "link", str(call_id))
    assert set(first) == {"call_id", "url", "expires_at"}
    assert first["call_id"] == call_id and first["expires_at"] is None
    assert TOKEN.match(first["url"])
    assert cli.json("call", "link", f"#{call_id}") == first
    plain = cli.run("call", "link", str(call_id)).stdout.splitlines()
    assert plain[0] == first["url"]

    revoked = cli.json("call", "link", str(call_id), "--revoke")
    assert revoked["revoked"] is True and revoked["url"] == first["url"]
    second = cli.json("call", "link", str(call_id))
    assert second["url"] != first["url"]
    assert cli.json("call", "link", str(call_id)) == second


def test_each_call_has_its_own_256_bit_token(book, cli):
    urls = {cli.json("call", "link", str(book.open_call(at=f"2026-11-25 21:{m:02d}")))["url"]
            for m in range(5)}  # fmt: skip
    tokens = {TOKEN.match(u).group(1) for u in urls}
    assert len(tokens) == 5  # 43 URL-safe base64 characters = 256 bits each


def test_the_store_never_holds_a_token(book, cli, store_location):
    call_id = book.open_call()
    token = TOKEN.match(cli.json("call", "link", str(call_id))["url"]).group(1)
    from focco247.store.db import make_engine

    engine = make_engine(store_location, write=False)
    with engine.connect() as conn:
        for table in SQLModel.metadata.sorted_tables:
            for row in conn.execute(sa.select(table)).all():
                assert not any(token in str(value) for value in row), table.name
        hashes = conn.execute(sa.text("SELECT token_hash FROM call_link")).scalars().all()
    engine.dispose()
    import hashlib

    assert hashes == [hashlib.sha256(token.encode()).hexdigest()]


def test_link_and_revoke_are_in_the_calls_story(book, cli):
    call_id = book.open_call()
    cli.run("call", "link", str(call_id))
    cli.run("call", "link", str(call_id))  # the same link: nothing new to record
    cli.run("call", "link", str(call_id), "--revoke")
    events = book.show(call_id)["events"]
    assert [(e["action"], e["actor"]) for e in events if e["action"].startswith("link")] == [
        ("link_created", "tester"),
        ("link_revoked", "tester"),
    ]


def test_revoking_a_call_without_a_link_is_refused(book, cli):
    call_id = book.open_call()
    result = cli.run("call", "link", str(call_id), "--revoke", code=1)
    assert result.stderr.strip() == f"Error: Call #{call_id} has no link to revoke."


def test_link_of_a_missing_call_is_refused(book, cli):
    assert "does not exist" in cli.run("call", "link", "999", code=1).stderr
    assert "not a call number" in cli.run("call", "link", "abc", code=1).stderr


def test_base_url_comes_from_the_policy(book, cli, tmp_path):
    cli.run("policy", "set", "portal.base_url", "https://suporte.example.com.br/247/")
    url = cli.json("call", "link", str(book.open_call()))["url"]
    assert re.fullmatch(r"https://suporte\.example\.com\.br/247/r/[A-Za-z0-9_-]{43}", url)


def test_expired_link_says_so(book, cli, monkeypatch):
    call_id = book.resolved_call()
    cli.run("call", "close", str(call_id))
    monkeypatch.setenv("FOCCO247_NOW", "2027-01-10T10:00:00-03:00")
    lines = cli.run("call", "link", str(call_id)).stdout.splitlines()
    assert lines[1] == "This link expired at 2026-12-25T22:00:00-03:00."


def test_portal_policy_keys_are_validated(cli, tmp_path):
    for key, value in (
        ("portal.base_url", "ftp://x"),
        ("portal.link_ttl", "soon"),
        ("portal.link_ttl", "0d"),
        ("portal.lnk_ttl", "3d"),
    ):
        result = cli.run("policy", "set", key, value, code=1)
        assert key in result.stderr, result.stderr
