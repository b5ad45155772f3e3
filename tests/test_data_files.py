"""The files in data/ that ship with the tool: found by the code, and true to it."""

from __future__ import annotations

import tomllib

from focco247 import paths
from focco247.domain.policy import DEFAULTS, Policy


def _toml(name: str) -> dict[str, object]:
    return tomllib.loads(paths.data_file(name).read_text("utf-8"))


def test_the_default_policy_file_holds_exactly_the_defaults_the_code_uses() -> None:
    assert _toml("policy.toml") == DEFAULTS


def test_the_sample_configuration_is_a_valid_machine_configuration(tmp_path) -> None:
    from focco247.config import read_machine

    sample = tmp_path / "config.toml"
    sample.write_text(paths.data_file("config.toml").read_text("utf-8"), "utf-8")
    machine = read_machine(sample)
    assert machine.user == "Carla Souza"
    assert machine.db is not None and machine.db.startswith("postgresql+psycopg://")


def test_the_default_policy_file_is_a_valid_policy() -> None:
    policy = Policy.from_mapping(_toml("policy.toml"), source="data/policy.toml")
    assert policy.holiday_subdivision == "RS"


def test_the_demo_book_names_clients_and_a_tour() -> None:
    book = _toml("demo.toml")
    assert book["clients"] and book["tour"]
