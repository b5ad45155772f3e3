"""Bad input through the command line: whatever is typed, an answer or one clear error
(exit 1/2/3), never a traceback, and a refused write changes nothing."""

from __future__ import annotations

from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

CLI_FUZZ = settings(
    max_examples=25,
    deadline=None,
    suppress_health_check=[HealthCheck.function_scoped_fixture, HealthCheck.too_slow],
)
# Click cannot receive NUL in argv from a real shell either; everything else goes.
typed = st.one_of(
    st.text(max_size=30).filter(lambda s: "\x00" not in s),
    st.text(alphabet="0123456789.,:-+ hmTZR$", max_size=20),
)


def answered_cleanly(result) -> None:
    assert result.exit_code in (0, 1, 2, 3), (result.exit_code, result.output)
    assert result.exception is None or isinstance(result.exception, SystemExit), repr(
        result.exception
    )
    assert "Traceback" not in result.stdout + result.stderr
    if result.exit_code == 1:
        assert result.stderr.startswith("Error: ")


def events(cli) -> int:
    return cli.json("db", "stats")["rows"]["event"]


@CLI_FUZZ
@given(code=typed, at=typed)
def test_fuzz_check_with_any_client_and_instant_answers_cleanly(cli, acme, code, at):
    answered_cleanly(cli.invoke("check", code, "--at", at))
    answered_cleanly(cli.invoke("check", "ACME", "--at", at, "--json"))


@CLI_FUZZ
@given(monthly=typed, rate=typed, since=typed)
def test_fuzz_contract_glt_with_any_amounts_and_date_answers_cleanly(
    cli, acme, monthly, rate, since
):
    before = events(cli)
    result = cli.invoke(
        "contract", "glt", "ACME", "--monthly", monthly, "--hourly-rate", rate, "--since", since
    )
    answered_cleanly(result)
    if result.exit_code != 0:
        assert events(cli) == before


@CLI_FUZZ
@given(duration=typed, at=typed)
def test_fuzz_call_log_with_any_duration_and_instant_answers_cleanly(cli, acme, duration, at):
    cli.run("call", "open", "ACME", "--caller", "Ana", "--summary", "x")
    before = events(cli)
    result = cli.invoke("call", "log", "1", duration, "--at", at)
    answered_cleanly(result)
    if result.exit_code != 0:
        assert events(cli) == before


@CLI_FUZZ
@given(month=typed, code=typed)
def test_fuzz_invoice_month_with_any_month_and_client_answers_cleanly(cli, acme, month, code):
    answered_cleanly(cli.invoke("invoice", "month", month, "--client", code))


@CLI_FUZZ
@given(code=typed, name=typed, state=typed)
def test_fuzz_client_add_with_any_code_name_and_state_answers_cleanly(cli, code, name, state):
    answered_cleanly(cli.invoke("client", "add", code, "--name", name, "--state", state))


@CLI_FUZZ
@given(key=st.one_of(typed, st.sampled_from(["fee_percent", "timezone", "holidays.extra"])),
       value=typed)  # fmt: skip
def test_fuzz_config_set_with_any_key_and_value_answers_cleanly(cli, key, value):
    answered_cleanly(cli.invoke("config", "set", key, value))
