"""Rules that speak: holiday names, verdict reasons and invoice lines in the active language,
the documents' language in the policy (SPEC §5 "Languages")."""

from __future__ import annotations

from datetime import UTC, date, datetime
from decimal import Decimal

import pytest

from focco247 import i18n
from focco247.domain import billing
from focco247.domain.calendar import BusinessCalendar
from focco247.domain.contracts import AddonPeriod, GltTerm
from focco247.domain.entitlement import judge
from focco247.domain.policy import Policy
from focco247.errors import ConfigError
from focco247.holiday_cache import cached_year_source

GLT = [GltTerm(date(2025, 1, 1), Decimal("5000.00"), Decimal("180.00"))]
ADDON = [AddonPeriod(date(2025, 6, 1), None)]


@pytest.mark.parametrize(
    ("language", "day", "name"),
    [
        ("pt_BR", date(2026, 4, 3), "Sexta-feira Santa"),
        ("pt_BR", date(2027, 9, 20), "Dia do Gaúcho"),
        ("en", date(2026, 4, 3), "Good Friday"),
        ("en", date(2027, 9, 20), "Gaucho Day"),
    ],
)
def test_r2_holiday_names_follow_the_language(tmp_path, language, day, name):
    policy = Policy.default()
    for calendar in (
        BusinessCalendar.from_policy(policy),
        BusinessCalendar.from_policy(policy, cached_year_source(policy, tmp_path)),
    ):
        assert calendar.holiday_name(day, language) == name
        with i18n.in_language(language):
            assert calendar.holiday_name(day) == name


def test_r2_holiday_cache_keeps_one_table_per_language(tmp_path):
    policy = Policy.default()
    source = cached_year_source(policy, tmp_path)
    assert source(2026, "pt_BR")[date(2026, 12, 25)] == "Natal"
    assert source(2026, "en")[date(2026, 12, 25)] == "Christmas Day"
    assert len(list(tmp_path.glob("holidays-*.json"))) == 2


def test_r7_the_reason_is_a_code_rendered_in_the_active_language():
    calendar = BusinessCalendar.from_policy(Policy.default())
    j = judge(
        datetime(2026, 11, 21, 1, 0, tzinfo=UTC),  # Friday 20/11 22:00 local, a holiday
        "FoccoERP",
        calendar=calendar,
        products={"FoccoERP": True},
        glt_terms=GLT,
        addon_periods=ADDON,
        exceptional_used=False,
        enforcement_start=date(2012, 6, 1),
    )
    assert j.reason_code == "covered"
    with i18n.in_language("en"):
        assert j.reason == "Off-hours, and the 24|7 add-on is in force."
        assert j.holiday == "National Day of Zumbi and Black Awareness"
    with i18n.in_language("pt_BR"):
        assert j.reason == "Fora do horário comercial, com o adicional 24|7 vigente."
        assert j.holiday == "Dia Nacional de Zumbi e da Consciência Negra"


def test_r15_invoice_lines_carry_facts_and_describe_them_in_the_active_language():
    with i18n.in_language("pt_BR"):
        draft = billing.build_draft(2026, 11, glt_terms=GLT, addon_periods=ADDON, calls=[])
    (line,) = draft.lines
    assert line.facts is not None and line.facts.kind is billing.LineKind.FEE_247
    assert line.description == "Adicional 24|7 11/2026: 30% da GLT de R$\xa05.000,00"
    with i18n.in_language("en"):
        assert billing.describe_line(line.facts) == (
            "24|7 add-on 2026-11: 30% of GLT R$\xa05.000,00"
        )


def test_documents_language_defaults_to_portuguese_and_accepts_english():
    assert Policy.default().documents_language == "pt_BR"
    assert Policy.from_mapping({"documents": {"language": "en"}}).documents_language == "en"
    with pytest.raises(ConfigError, match=r"documents\.language"):
        Policy.from_mapping({"documents": {"language": "klingon"}})
