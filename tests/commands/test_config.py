"""focco247 config show/path/set (SPEC §2): this machine's keys only; and the policy's
defaults, merging and validation, now through focco247 policy (R20)."""

from __future__ import annotations

import tomllib

import pytest

from focco247.domain.policy import DEFAULTS


def test_policy_show_json_gives_every_default_with_no_policy(cli, tmp_path):
    assert not (tmp_path / "config.toml").exists()
    doc = cli.json("policy", "show")["settings"]
    assert doc["timezone"] == "America/Sao_Paulo"
    assert doc["holidays"] == {"country": "BR", "subdivision": "RS", "categories": ["public"],
                               "extra": [], "observe": []}  # fmt: skip
    assert doc["enforcement_start"] == "2012-06-01"
    assert str(doc["fee_percent"]) == "30"
    assert doc["minimum_chargeable_minutes"] == 60
    assert doc["rounding_minutes"] == 1
    assert doc["money_rounding"] == "half-up"
    assert doc["level3_update_every"] == "2h"
    assert doc["products"] == {"FoccoERP": {"covered": True}, "FoccoLOJAS": {"covered": False}}
    assert doc["sales"]["phone"] == "(54) 3025 9000"
    assert doc["business_hours"]["monday"] == ["08:00-12:00", "13:30-18:00"]
    assert set(doc) >= set(DEFAULTS)


def test_policy_import_sets_only_what_it_names_and_tables_merge_key_by_key(cli, tmp_path):
    (tmp_path / "policy.toml").write_text(
        '[holidays]\nsubdivision = "SP"\n[sales]\nphone = "0800"\n'
    )
    cli.run("policy", "import", str(tmp_path / "policy.toml"))
    doc = cli.json("policy", "show")["settings"]
    assert doc["holidays"]["subdivision"] == "SP"
    assert doc["holidays"]["country"] == "BR"
    assert doc["holidays"]["categories"] == ["public"]
    assert doc["sales"] == {"phone": "0800", "email": DEFAULTS["sales"]["email"]}
    assert doc["timezone"] == "America/Sao_Paulo"


def test_config_show_human_is_toml_headed_by_the_file_path(cli, tmp_path):
    cli.run("config", "set", "user", "Carla Souza")
    out = cli.run("config", "show").stdout
    assert out.splitlines()[0] == f"# {tmp_path / 'config.toml'}"
    assert tomllib.loads(out) == {"user": "Carla Souza"}


def test_policy_show_human_is_toml_headed_by_the_date(cli):
    out = cli.run("policy", "show").stdout
    assert out.splitlines()[0] == "# Policy in force on 2026-11-25"
    assert tomllib.loads(out)["timezone"] == "America/Sao_Paulo"


def test_config_path_follows_focco247_config(cli, tmp_path):
    assert cli.run("config", "path").stdout.strip() == str(tmp_path / "config.toml")
    assert cli.json("config", "path") == {"path": str(tmp_path / "config.toml"), "exists": False}


def test_policy_set_records_only_the_key_and_validates_it(cli, tmp_path):
    cli.run("policy", "set", "holidays.subdivision", "SP")
    cli.run("policy", "set", "fee_percent", "25")
    cli.run("policy", "set", "minimum_chargeable_minutes", "30")
    cli.run("policy", "set", "holidays.categories", '["public", "optional"]')
    cli.run("policy", "set", "products.FoccoWMS", "true")
    assert not (tmp_path / "config.toml").exists()
    shown = cli.json("policy", "show")
    assert shown["since"] == {
        "holidays.subdivision": "2026-11-25",
        "holidays.categories": "2026-11-25",
        "fee_percent": "2026-11-25",
        "minimum_chargeable_minutes": "2026-11-25",
        "products.FoccoWMS": "2026-11-25",
    }
    doc = shown["settings"]
    assert doc["holidays"] == {"country": "BR", "subdivision": "SP", "extra": [], "observe": [],
                               "categories": ["public", "optional"]}  # fmt: skip
    assert doc["fee_percent"] == "25"
    assert doc["minimum_chargeable_minutes"] == 30
    assert doc["products"] == {"FoccoERP": {"covered": True}, "FoccoLOJAS": {"covered": False},
                               "FoccoWMS": {"covered": True}}  # fmt: skip


def test_policy_set_subdivision_changes_the_calendar(cli, acme):
    assert cli.json("check", "ACME", "--at", "2027-09-20 10:00")["verdict"] == "covered"
    cli.run("policy", "set", "holidays.subdivision", "SP")
    assert cli.json("check", "ACME", "--at", "2027-09-20 10:00", code=3)["verdict"] == (
        "business_hours"
    )


@pytest.mark.parametrize(
    ("key", "value", "named"),
    [
        ("fee_percent", "200", "fee_percent"),
        ("fee_percent", "abc", "fee_percent"),
        ("minimum_chargeable_minutes", "sixty", "minimum_chargeable_minutes"),
        ("timezone", "Mars/Olympus", "timezone"),
        ("holidays.subdivision", "ZZ", "holidays.subdivision"),
        ("holidays.categories", "public", "holidays.categories"),
        ("holidays.nope", "1", "holidays.nope"),
        ("nope", "1", "nope"),
        ("holidays", "x", "holidays"),
        ("money_rounding", "up", "money_rounding"),
        ("products.FoccoERP", "maybe", "products.FoccoERP"),
        ("enforcement_start", "2012-02-30", "enforcement_start"),
        ("level3_update_every", "soon", "level3_update_every"),
    ],
)
def test_policy_set_refuses_a_bad_value_and_leaves_the_policy_untouched(
    cli, tmp_path, key, value, named
):
    cli.run("policy", "set", "sales.phone", "0800")
    before = cli.json("policy", "show")
    result = cli.invoke("policy", "set", key, value)
    assert result.exit_code == 1
    assert result.stdout == ""
    assert len(result.stderr.strip().splitlines()) == 1
    assert named in result.stderr
    assert cli.json("policy", "show") == before
    assert not (tmp_path / "config.toml").exists()


def test_config_set_with_a_bad_key_creates_no_file(cli, tmp_path):
    assert cli.invoke("config", "set", "fee_percent", "20").exit_code == 1
    assert cli.invoke("config", "set", "nope", "1").exit_code == 1
    assert not (tmp_path / "config.toml").exists()


@pytest.mark.parametrize(
    ("content", "named"),
    [
        ("[sales]\nphone = (54\n", "'sales.phone'"),
        ("fee_percent = [\n", "'fee_percent'"),
        ("x y z\n", "line 1"),
        ("[holidays\n", "line 1"),
    ],
)
def test_a_broken_toml_file_is_one_error_naming_the_file_and_the_key(cli, tmp_path, content, named):
    (tmp_path / "config.toml").write_text(content)
    for args in (("config", "show"), ("client", "list"), ("config", "set", "user", "Ana")):
        result = cli.invoke(*args)
        assert result.exit_code == 1
        lines = result.stderr.strip().splitlines()
        assert len(lines) == 1 and "Traceback" not in result.stderr
        assert str(tmp_path / "config.toml") in lines[0]
        assert named in lines[0]
    assert (tmp_path / "config.toml").read_text() == content


@pytest.mark.parametrize(
    ("content", "key"),
    [
        ('fee_percent = "abc"\n', "fee_percent"),
        ("[holidays]\nsubdvision = 'SP'\n", "holidays.subdvision"),
        ("[business_hours]\nmonday = ['18:00-08:00']\n", "business_hours.monday"),
        ("timezone = 3\n", "timezone"),
    ],
)
def test_a_bad_value_in_a_policy_file_is_one_error_naming_the_file_and_the_key(
    cli, tmp_path, content, key
):
    (tmp_path / "policy.toml").write_text(content)
    for args in (("policy", "import", str(tmp_path / "policy.toml")),):
        result = cli.invoke(*args)
        assert result.exit_code == 1
        lines = result.stderr.strip().splitlines()
        assert len(lines) == 1 and "Traceback" not in result.stderr
        assert str(tmp_path / "policy.toml") in lines[0]
        assert repr(key) in lines[0]
    assert cli.json("policy", "show")["since"] == {}


def test_a_config_file_that_is_not_utf8_is_one_error_naming_the_file(cli, tmp_path):
    (tmp_path / "config.toml").write_bytes(b'user = "\xff\xfe"\n')
    result = cli.invoke("config", "show")
    assert result.exit_code == 1
    assert "Traceback" not in result.stderr
    assert str(tmp_path / "config.toml") in result.stderr


def test_db_path_follows_focco247_db_and_hides_a_password(cli, tmp_path):
    assert cli.run("db", "path").stdout.strip() == str(tmp_path / "store.db")
    url = "postgresql+psycopg://clerk:s3cret@db.example/focco"
    doc = cli.json("db", "path", env={"FOCCO247_DB": url})
    assert "s3cret" not in doc["store"]
    assert "db.example" in doc["store"]
