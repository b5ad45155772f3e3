"""The policy (SPEC §2): every setting has a default; a file sets only what it names."""

from __future__ import annotations

from datetime import date, datetime, time
from decimal import Decimal

import pytest

from focco247.domain.policy import DEFAULTS, Policy, merge
from focco247.errors import ConfigError


def test_defaults_need_no_file():
    p = Policy.default()
    assert p.timezone.key == "America/Sao_Paulo"
    assert p.business_hours[0] == ((time(8), time(12)), (time(13, 30), time(18)))
    assert p.business_hours[4] == p.business_hours[0]
    assert p.business_hours[5] == () and p.business_hours[6] == ()
    assert (p.holiday_country, p.holiday_subdivision) == ("BR", "RS")
    assert p.holiday_categories == ("public",)
    assert p.extra_holidays == ()
    assert p.enforcement_start == date(2012, 6, 1)
    assert p.fee_percent == Decimal("30")
    assert p.minimum_chargeable_minutes == 60
    assert p.rounding_minutes == 1
    assert p.money_rounding == "half-up"
    assert p.level3_update_every_minutes == 120
    assert p.products == {"FoccoERP": True, "FoccoLOJAS": False}
    assert p.sales_phone == "(54) 3025 9000"
    assert "@" in p.sales_email


def test_a_file_sets_only_what_it_names_and_tables_merge_key_by_key():
    p = Policy.from_mapping({"holidays": {"subdivision": "SP"}, "sales": {"phone": "0800"}})
    assert p.holiday_subdivision == "SP"
    assert p.holiday_country == "BR"  # untouched sibling keys keep their defaults
    assert p.holiday_categories == ("public",)
    assert p.sales_phone == "0800"
    assert p.sales_email == DEFAULTS["sales"]["email"]
    assert p.fee_percent == Decimal("30")


def test_business_hours_merge_per_weekday():
    p = Policy.from_mapping({"business_hours": {"saturday": ["08:00-12:00"]}})
    assert p.business_hours[5] == ((time(8), time(12)),)
    assert p.business_hours[0] == ((time(8), time(12)), (time(13, 30), time(18)))


def test_products_merge_so_a_new_product_keeps_the_defaults():
    p = Policy.from_mapping({"products": {"FoccoWMS": True}})
    assert p.products == {"FoccoERP": True, "FoccoLOJAS": False, "FoccoWMS": True}


def test_merge_does_not_mutate_the_defaults():
    before = repr(DEFAULTS)
    merge(DEFAULTS, {"sales": {"phone": "x"}, "holidays": {"extra": [{"date": "2026-01-02"}]}})
    assert repr(DEFAULTS) == before


def test_toml_dates_and_text_dates_are_both_accepted():
    p = Policy.from_mapping(
        {
            "enforcement_start": date(2013, 1, 1),
            "holidays": {"extra": [{"date": date(2026, 12, 24), "name": "Christmas Eve"}]},
        }
    )
    assert p.enforcement_start == date(2013, 1, 1)
    assert p.extra_holidays[0].day == date(2026, 12, 24)
    assert p.extra_holidays[0].name == "Christmas Eve"


@pytest.mark.parametrize(
    ("overrides", "key"),
    [
        ({"timezone": "Mars/Olympus"}, "timezone"),
        ({"nope": 1}, "nope"),
        ({"holidays": {"subdvision": "SP"}}, "holidays.subdvision"),
        ({"sales": {"fone": "1"}}, "sales.fone"),
        ({"business_hours": {"mon": []}}, "business_hours.mon"),
        ({"business_hours": {"monday": ["12:00-08:00"]}}, "business_hours.monday"),
        ({"business_hours": {"monday": ["8-12"]}}, "business_hours.monday"),
        ({"business_hours": {"monday": ["08:00-12:00", "11:00-13:00"]}}, "business_hours.monday"),
        ({"holidays": {"country": "XX"}}, "holidays.country"),
        ({"holidays": {"subdivision": "ZZ"}}, "holidays.subdivision"),
        ({"holidays": {"categories": ["nope"]}}, "holidays.categories"),
        ({"holidays": {"categories": []}}, "holidays.categories"),
        ({"holidays": {"extra": [{"date": "2026-02-30"}]}}, "holidays.extra"),
        ({"holidays": {"extra": ["2026-12-24"]}}, "holidays.extra"),
        ({"holidays": {"extra": [{"date": "2026-12-24", "nmae": "X"}]}}, "holidays.extra"),
        ({"holidays": {"extra": [{"date": datetime(2026, 12, 24, 10)}]}}, "holidays.extra"),
        ({"enforcement_start": datetime(2012, 6, 1)}, "enforcement_start"),
        ({"enforcement_start": "June"}, "enforcement_start"),
        ({"fee_percent": "abc"}, "fee_percent"),
        ({"fee_percent": 101}, "fee_percent"),
        ({"fee_percent": -1}, "fee_percent"),
        ({"fee_percent": True}, "fee_percent"),
        ({"minimum_chargeable_minutes": -1}, "minimum_chargeable_minutes"),
        ({"minimum_chargeable_minutes": "60"}, "minimum_chargeable_minutes"),
        ({"rounding_minutes": 0}, "rounding_minutes"),
        ({"money_rounding": "up"}, "money_rounding"),
        ({"level3_update_every": "0m"}, "level3_update_every"),
        ({"level3_update_every": "soon"}, "level3_update_every"),
        ({"products": {"X": "yes"}}, "products.X"),
        ({"products": []}, "products"),
        ({"sales": {"phone": ""}}, "sales.phone"),
        ({"invoice": {"prefix": "has space"}}, "invoice.prefix"),
    ],
)
def test_a_bad_setting_is_one_error_naming_the_source_and_the_key(overrides, key):
    with pytest.raises(ConfigError) as caught:
        Policy.from_mapping(overrides, source="configuration file /tmp/c.toml")
    message = str(caught.value)
    assert "/tmp/c.toml" in message
    assert repr(key) in message
    assert "\n" not in message and not message.endswith("..")


def test_r2_holidays_with_no_subdivision_use_the_national_calendar():
    p = Policy.from_mapping({"holidays": {"subdivision": ""}})
    assert p.holiday_subdivision is None


def test_a_week_without_business_hours_is_refused():
    empty = {day: [] for day in ("monday", "tuesday", "wednesday", "thursday", "friday")}
    with pytest.raises(ConfigError, match="'business_hours'"):
        Policy.from_mapping({"business_hours": empty})


# --- products: true/false or a table with their own hours (issue 12, point 10) -----------


def test_a_product_may_be_a_table_with_its_own_support_hours():
    from datetime import time

    p = Policy.from_mapping(
        {"products": {"FoccoLOJAS": {"covered": False, "hours": {"saturday": ["09:00-13:00"]}}}}
    )
    assert p.products == {"FoccoERP": True, "FoccoLOJAS": False}
    assert p.product_hours["FoccoLOJAS"][5] == ((time(9), time(13)),)
    assert p.product_hours["FoccoLOJAS"][6] == ()
    assert "FoccoERP" not in p.product_hours


def test_a_product_table_without_covered_keeps_the_default_coverage():
    p = Policy.from_mapping(
        {"products": {"FoccoERP": {"hours": {}}, "FoccoNEW": {"hours": {"monday": []}}}}
    )
    assert p.products["FoccoERP"] is True and p.products["FoccoNEW"] is False


@pytest.mark.parametrize(
    ("products", "key"),
    [
        ({"FoccoLOJAS": {"covered": "no"}}, "products.FoccoLOJAS.covered"),
        ({"FoccoLOJAS": {"open": True}}, "products.FoccoLOJAS"),
        ({"FoccoLOJAS": {"hours": {"funday": []}}}, "products.FoccoLOJAS.hours"),
        (
            {"FoccoLOJAS": {"hours": {"monday": ["20:00-08:00"]}}},
            "products.FoccoLOJAS.hours.monday",
        ),
    ],
)
def test_a_bad_product_table_is_one_error_naming_the_key(products, key):
    with pytest.raises(ConfigError) as caught:
        Policy.from_mapping({"products": products})
    assert repr(key) in str(caught.value)
