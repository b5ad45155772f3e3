"""PostgreSQL for shared use: clear messages for a wrong database or user (never the
password), and a URL naming a schema keeps one store per schema."""

from __future__ import annotations

import os

import pytest
import sqlalchemy as sa

pytestmark = pytest.mark.postgresql_only


def server_url(**parts) -> str:
    url = sa.engine.make_url(os.environ["FOCCO247_TEST_PG"]).set(**parts)
    return url.render_as_string(hide_password=False)


def test_a_database_that_does_not_exist_is_named_without_the_password(cli):
    url = server_url(database="no_such_focco247_db", password="S3cr3t-pw")
    result = cli.run("client", "list", code=1, env={"FOCCO247_DB": url})
    assert "does not exist; create it first" in result.stderr
    assert "S3cr3t" not in result.stderr
    assert ":***@" in result.stderr


def test_an_unknown_user_is_refused_without_the_password(cli):
    url = server_url(username="no_such_focco247_user", password="S3cr3t-pw")
    result = cli.run("client", "list", code=1, env={"FOCCO247_DB": url})
    assert "refused the user or password" in result.stderr
    assert "S3cr3t" not in result.stderr


def test_every_command_group_runs_on_postgresql(cli, acme):
    assert cli.json("check", "ACME")["verdict"] == "covered"
    opened = cli.json("call", "open", "ACME", "--caller", "Ana", "--summary", "down")
    cli.run("call", "log", str(opened["id"]), "30m")
    assert cli.json("call", "show", str(opened["id"]))["total_minutes"] == 30
    assert cli.json("invoice", "month", "2026-10", "--issue")["invoices"][0]["number"] == (
        "F247-000001"
    )
    assert cli.json("db", "stats")["backend"] == "postgresql"
    assert cli.json("db", "check")["clean"] is True
    assert cli.json("db", "path")["store"].startswith("postgresql+psycopg://")
