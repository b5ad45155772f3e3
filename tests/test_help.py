"""Every command and sub-command has help text with an example (walked dynamically)."""

from __future__ import annotations

import pytest
import typer

from focco247.cli import app


def _walk(command, path: tuple[str, ...]):
    yield path, command
    # Groups carry their sub-commands in `.commands` (duck-typed: typer vendors click).
    subs = getattr(command, "commands", None) or {}
    for name, sub in sorted(subs.items()):
        yield from _walk(sub, (*path, name))


def _all_commands():
    root = typer.main.get_command(app)
    return [(" ".join(path) or "focco247", cmd) for path, cmd in _walk(root, ())]


COMMANDS = _all_commands()


def test_the_command_tree_has_the_stable_core():
    names = {name for name, _ in COMMANDS}
    for wanted in ("client add", "client list", "client show", "contract glt",
                   "contract subscribe", "contract unsubscribe", "contract show", "check",
                   "config show", "config path", "config set", "demo"):  # fmt: skip
        assert wanted in names


@pytest.mark.parametrize("command", [c for _, c in COMMANDS], ids=[name for name, _ in COMMANDS])
def test_every_command_has_help_text_with_an_example(command):
    assert command.help and command.help.strip(), "missing help text"
    is_group = bool(getattr(command, "commands", None))
    runs_alone = getattr(command, "invoke_without_command", False)
    if is_group and not runs_alone:
        return  # a group only lists its commands; each of them carries the example
    assert "Example:" in command.help, "help text has no Example: line"


@pytest.mark.parametrize("name", [name for name, _ in COMMANDS])
def test_every_command_answers_help_with_exit_0(cli, name):
    args = [] if name == "focco247" else name.split()
    result = cli.invoke(*args, "--help")
    assert result.exit_code == 0, result.output
    assert "Usage" in result.output
