"""Every test gets its own store and config file under tmp_path, and a fixed clock."""

from __future__ import annotations

import json

import pytest
from typer.testing import CliRunner

# A Wednesday night in Caxias do Sul: off-hours, no holiday.
DEFAULT_NOW = "2026-11-25T22:00:00-03:00"


@pytest.fixture(autouse=True)
def isolated_env(tmp_path, monkeypatch):
    monkeypatch.setenv("FOCCO247_DB", str(tmp_path / "store.db"))
    monkeypatch.setenv("FOCCO247_CONFIG", str(tmp_path / "config.toml"))
    monkeypatch.setenv("FOCCO247_NOW", DEFAULT_NOW)
    monkeypatch.setenv("FOCCO247_USER", "tester")
    monkeypatch.setenv("NO_COLOR", "1")
    monkeypatch.delenv("COLUMNS", raising=False)
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
