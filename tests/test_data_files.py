"""The files in data/ that ship with the tool: found by the code, and true to it."""

from __future__ import annotations

import tomllib

from focco247 import paths
from focco247.domain.policy import DEFAULTS, Policy


def _toml(name: str) -> dict[str, object]:
    return tomllib.loads(paths.data_file(name).read_text("utf-8"))


def test_the_default_policy_file_holds_exactly_the_defaults_the_code_uses() -> None:
    assert _toml("policy.toml") == DEFAULTS


def test_the_sample_configuration_is_a_valid_configuration() -> None:
    policy = Policy.from_mapping(_toml("config.toml"), source="data/config.toml")
    assert policy.holiday_subdivision == "SC"


def test_the_demo_book_names_clients_and_a_tour() -> None:
    book = _toml("demo.toml")
    assert book["clients"] and book["tour"]
