"""Report figures against a hand-built book: every expected number is worked out by hand."""

from __future__ import annotations

from collections import Counter
from datetime import UTC, datetime
from decimal import Decimal
from zoneinfo import ZoneInfo

import pytest
from hypothesis import given
from hypothesis import strategies as st

from focco247.domain import report as rpt
from focco247.domain.report import CallFact, EscalationFact, RevenueFact

TZ = ZoneInfo("America/Sao_Paulo")
EVERY = 120  # level3_update_every default: 2 h
COVERED = ["FoccoERP"]


def L(text: str) -> datetime:
    """A local wall-clock time in Caxias do Sul as an aware UTC instant."""
    return datetime.fromisoformat(text).replace(tzinfo=TZ).astimezone(UTC)


def call(id_: int, client: str, opened: str, verdict: str, status: str, **kw) -> CallFact:
    return CallFact(
        id=id_, client=client, client_name=f"{client} Ltda", opened_at=L(opened),
        verdict=verdict, status=status, **kw,
    )  # fmt: skip


# November 2026 in Caxias do Sul (UTC-3). Nov 1 is a Sunday, Nov 30 a Monday.
BOOK = [
    call(1, "ACME", "2026-11-02 21:00", "covered", "closed", addon_in_force=True,
         resolved_at=L("2026-11-02 21:30"), closed_at=L("2026-11-02 21:40"), rating=5,
         strengths="Rápido", minutes_in_period=30),
    call(2, "ACME", "2026-11-03 23:00", "covered", "closed", addon_in_force=True,
         resolved_at=L("2026-11-04 00:10"), closed_at=L("2026-11-04 00:20"), rating=4,
         strengths="Cordial", weaknesses="Demorou a atender", minutes_in_period=70),
    call(3, "ACME", "2026-11-07 10:00", "covered", "closed", level=2, addon_in_force=True,
         chargeable=True, resolved_at=L("2026-11-07 12:00"), closed_at=L("2026-11-07 12:10"),
         rating=3, minutes_in_period=120),
    call(4, "GAMA", "2026-11-08 10:15", "covered", "resolved", level=2, addon_in_force=True,
         chargeable=True, resolved_at=L("2026-11-08 14:15"), minutes_in_period=180),
    call(5, "GAMA", "2026-11-14 20:00", "covered", "closed", level=3, addon_in_force=True,
         updates=(L("2026-11-14 21:00"), L("2026-11-14 23:30")),
         resolved_at=L("2026-11-15 01:00"), closed_at=L("2026-11-15 01:30"), rating=2,
         weaknesses="Sem previsão clara", minutes_in_period=300),
    call(6, "ACME", "2026-11-24 22:00", "covered", "open", level=3, addon_in_force=True),
    call(7, "BETA", "2026-11-01 09:00", "exceptional", "closed", caller="João",
         resolved_at=L("2026-11-01 09:45"), closed_at=L("2026-11-01 10:00"), rating=4,
         minutes_in_period=45),
    call(8, "BETA", "2026-11-20 02:00", "refused", "refused"),
    call(9, "BETA", "2026-11-21 23:00", "refused", "refused"),
    # A subscriber asking about FoccoLOJAS, and a non-subscriber about FoccoLOJAS: not leads.
    call(10, "ACME", "2026-11-22 10:00", "refused", "refused", product="FoccoLOJAS",
         addon_in_force=True),
    call(11, "DELTA", "2026-11-23 03:00", "refused", "refused", product="FoccoLOJAS"),
    call(12, "DELTA", "2026-11-22 21:00", "refused", "refused"),
    call(13, "ACME", "2026-11-02 10:00", "business_hours", "redirected", addon_in_force=True),
    call(14, "GAMA", "2026-11-03 15:00", "business_hours", "redirected", addon_in_force=True),
    # Opened in October, resolved and closed in November, partly worked in November.
    call(15, "ACME", "2026-10-31 23:00", "covered", "closed", addon_in_force=True,
         resolved_at=L("2026-11-01 00:30"), closed_at=L("2026-11-01 01:00"), rating=5,
         minutes_in_period=60),
    # 23:30 local on Nov 30 is already December in UTC: still November here.
    call(17, "GAMA", "2026-11-30 23:30", "covered", "open", addon_in_force=True),
    # 00:30 local on Dec 1: December.
    call(18, "ACME", "2026-12-01 00:30", "covered", "open", addon_in_force=True),
]  # fmt: skip

ESCALATIONS = [
    EscalationFact(3, "Ana", "Fiscal", L("2026-11-07 10:30")),
    EscalationFact(4, "Ana", "Fiscal", L("2026-11-08 11:00")),
    EscalationFact(4, "Bruno", "Infra", L("2026-11-08 12:00")),
    EscalationFact(5, "Bruno", "Infra", L("2026-11-14 20:30")),
    EscalationFact(6, "Ana", "Fiscal", L("2026-11-24 22:30")),
    EscalationFact(15, "Carla", "Banco de dados", L("2026-10-31 23:45")),  # October
]

REVENUE = [
    RevenueFact("2026-11", "fee_247", 150_000),
    RevenueFact("2026-11", "chargeable_hours", 54_000, 180),
    RevenueFact("2026-11", "adjustment", -5_000),
    RevenueFact("2026-10", "fee_247", 150_000),
]

NOW = L("2026-12-02 09:00")


@pytest.fixture(scope="module")
def nov() -> rpt.Figures:
    return rpt.compute(
        rpt.month_period(2026, 11, TZ), BOOK, ESCALATIONS, REVENUE,
        tz=TZ, now=NOW, update_every_minutes=EVERY, covered_products=COVERED,
    )  # fmt: skip


def test_month_period_is_local_midnight_to_local_midnight_in_utc():
    period = rpt.month_period(2026, 11, TZ)
    assert period.start == datetime(2026, 11, 1, 3, tzinfo=UTC)
    assert period.end == datetime(2026, 12, 1, 3, tzinfo=UTC)
    assert (period.first_day.isoformat(), period.last_day.isoformat()) == (
        "2026-11-01",
        "2026-11-30",
    )


def test_contacts_by_verdict_count_every_contact_opened_in_the_month(nov):
    assert nov.contacts_by_verdict == {
        "covered": 7, "exceptional": 1, "grace": 0, "refused": 5, "business_hours": 2,
    }  # fmt: skip
    assert nov.contacts == 15


def test_calls_by_level_count_only_served_calls(nov):
    assert nov.calls_by_level == {1: 4, 2: 2, 3: 2}
    assert nov.calls == 8


def test_heatmap_counts_contacts_by_local_weekday_and_hour(nov):
    mon, tue, fri, sat, sun = 0, 1, 4, 5, 6
    assert nov.heatmap[sun][10] == 2  # calls 4 and 10
    assert nov.heatmap[mon][21] == 1  # call 1
    assert nov.heatmap[mon][23] == 1  # call 17: Nov 30 23:30 local, Dec 1 in UTC
    assert nov.heatmap[sat][23] == 1  # call 9
    assert nov.heatmap[fri][2] == 1  # call 8
    assert nov.heatmap[tue][15] == 1  # call 14, business hours
    assert sum(map(sum, nov.heatmap)) == 15


def test_resolution_median_and_p90_by_level_for_calls_resolved_in_the_month(nov):
    # Level 1: 30, 45, 70, 90 (call 15 opened in October) -> median (45+70)/2 = 57.5 -> 58.
    assert nov.resolution_by_level[1] == rpt.ResolutionStats(4, 58, 90)
    assert nov.resolution_by_level[2] == rpt.ResolutionStats(2, 180, 240)
    assert nov.resolution_by_level[3] == rpt.ResolutionStats(1, 300, 300)
    # All: 30, 45, 70, 90, 120, 240, 300 -> median 90, p90 rank ceil(6.3) = 7 -> 300.
    assert nov.resolution_all == rpt.ResolutionStats(7, 90, 300)


def test_r11_level3_gaps_longer_than_the_update_interval_are_overdue(nov):
    by_id = {item.call_id: item for item in nov.level3}
    # Call 5: 20:00 -> 21:00 (60) -> 23:30 (150, overdue) -> resolved 01:00 (90).
    assert by_id[5] == rpt.Level3Item(5, "GAMA", L("2026-11-14 20:00"), 2, 1, 150, False)
    # Call 6: no update from Nov 24 22:00 to the end of the month: 6 days 2 hours.
    assert by_id[6] == rpt.Level3Item(6, "ACME", L("2026-11-24 22:00"), 0, 1, 8760, True)
    assert (nov.level3_overdue_gaps, nov.level3_calls_overdue) == (2, 2)


def test_escalations_by_specialist_and_area_in_the_month(nov):
    assert nov.escalations_by_specialist == (
        rpt.SpecialistCount("Ana", "Fiscal", 3),
        rpt.SpecialistCount("Bruno", "Infra", 2),
    )
    assert nov.escalations_by_area == (("Fiscal", 3), ("Infra", 2))
    assert nov.escalations == 5


def test_hours_logged_and_chargeable_count_time_worked_in_the_month(nov):
    assert nov.logged_minutes == 30 + 70 + 120 + 180 + 300 + 45 + 60
    assert nov.chargeable_minutes == 120 + 180


def test_ratings_average_and_distribution_of_calls_closed_in_the_month(nov):
    # Ratings 5, 4, 3, 2, 4 and 5 (call 15, closed Nov 1): 23 / 6 = 3.8333 -> 3.83.
    assert nov.rating_distribution == {1: 0, 2: 1, 3: 1, 4: 2, 5: 2}
    assert nov.rating_average == Decimal("3.83")
    assert [(c.call_id, c.strengths, c.weaknesses) for c in nov.comments] == [
        (1, "Rápido", None),
        (2, "Cordial", "Demorou a atender"),
        (5, None, "Sem previsão clara"),
    ]


def test_exceptional_services_used_in_the_month(nov):
    assert [(x.call_id, x.client, x.caller) for x in nov.exceptional] == [(7, "BETA", "João")]


def test_sales_leads_are_clients_without_addon_calling_off_hours_about_covered_products(nov):
    assert [(lead.client, lead.refused, lead.exceptional) for lead in nov.leads] == [
        ("BETA", 2, 1),
        ("DELTA", 1, 0),  # its FoccoLOJAS call is not a lead: the add-on would not cover it
    ]
    assert nov.leads[0].contacts == (
        L("2026-11-01 09:00"),
        L("2026-11-20 02:00"),
        L("2026-11-21 23:00"),
    )


def test_revenue_sums_issued_lines_of_the_month_by_kind(nov):
    assert nov.revenue == rpt.Revenue(150_000, 54_000, -5_000, 180)
    assert nov.revenue.total_cents == 199_000


def test_empty_month_has_zeroes_and_no_averages():
    empty = rpt.compute(
        rpt.month_period(2026, 2, TZ), BOOK, ESCALATIONS, REVENUE,
        tz=TZ, now=NOW, update_every_minutes=EVERY, covered_products=COVERED,
    )  # fmt: skip
    assert empty.contacts == 0 and empty.calls == 0
    assert empty.resolution_all == rpt.ResolutionStats(0, None, None)
    assert empty.rating_average is None
    assert empty.leads == () and empty.level3 == ()
    assert empty.revenue.total_cents == 0


def test_level3_call_still_open_counts_silence_until_now_within_the_month():
    now = L("2026-11-25 22:00")
    figures = rpt.compute(
        rpt.month_period(2026, 11, TZ), BOOK, [], [],
        tz=TZ, now=now, update_every_minutes=EVERY, covered_products=COVERED,
    )  # fmt: skip
    item = next(i for i in figures.level3 if i.call_id == 6)
    assert item.longest_gap_minutes == 24 * 60


def test_year_figures_split_by_month_with_revenue():
    year = rpt.compute_year(
        2026, BOOK, ESCALATIONS, REVENUE,
        tz=TZ, now=NOW, update_every_minutes=EVERY, covered_products=COVERED,
        minutes_by_month={"2026-10": {15: 30}, "2026-11": {1: 30, 15: 60}},
    )  # fmt: skip
    assert year.year.contacts == 17  # 15 in November, call 15 in October, call 18 in December
    assert [m.contacts for m in year.months] == [0] * 9 + [1, 15, 1]
    assert [m.period.label for m in year.months][9:] == ["2026-10", "2026-11", "2026-12"]
    assert year.months[9].logged_minutes == 30
    assert year.months[10].logged_minutes == 90
    assert year.months[9].revenue == rpt.Revenue(150_000, 0, 0, 0)
    assert year.year.revenue == rpt.Revenue(300_000, 54_000, -5_000, 180)
    assert year.year.escalations == 6


@pytest.mark.parametrize(
    ("values", "median", "p90"),
    [
        ([], None, None),
        ([7], 7, 7),
        ([10, 20], 15, 20),
        ([10, 11], 11, 11),  # 10.5 rounds half up
        ([5, 1, 3], 3, 5),
        (list(range(1, 11)), 6, 9),  # 5.5 -> 6; rank ceil(9.0) = 9
        (list(range(1, 21)), 11, 18),  # 10.5 -> 11; rank 18
    ],
)
def test_median_and_nearest_rank_p90(values, median, p90):
    assert rpt.median_minutes(values) == median
    assert rpt.percentile_minutes(values, 90) == p90


@pytest.mark.parametrize(
    ("gaps", "overdue"),
    [([120], 0), ([121], 1), ([60, 150, 90], 1), ([], 0), ([121, 500, 119], 2)],
)
def test_r11_overdue_means_strictly_longer_than_the_interval(gaps, overdue):
    assert rpt.overdue_count(gaps, 120) == overdue


def test_r11_level3_gaps_run_opening_updates_end_and_ignore_updates_after_the_end():
    opened = L("2026-11-14 20:00")
    updates = [L("2026-11-14 23:30"), L("2026-11-14 21:00"), L("2026-11-15 05:00")]
    assert rpt.level3_gaps(opened, updates, L("2026-11-15 01:00")) == [60, 150, 90]


@given(st.lists(st.integers(min_value=0, max_value=10_000), min_size=1, max_size=60))
def test_median_and_p90_lie_within_the_values_and_p90_not_below_median(values):
    median = rpt.median_minutes(values)
    p90 = rpt.percentile_minutes(values, 90)
    assert median is not None and p90 is not None
    assert min(values) <= median <= max(values)
    assert p90 in values and p90 >= median - 1  # median may round half a minute up


@given(st.lists(st.integers(min_value=1, max_value=5), min_size=1, max_size=50))
def test_rating_average_is_exact_to_the_hundredth(ratings):
    average = rpt.average_rating(Counter(ratings))
    assert average is not None
    assert abs(average - Decimal(sum(ratings)) / len(ratings)) <= Decimal("0.005")


def test_remarks_are_grouped_by_wording_most_quoted_first(nov):
    assert rpt.most_quoted(["Rápido", " rápido ", "Cordial", None, "RÁPIDO", ""]) == (
        ("Rápido", 3),
        ("Cordial", 1),
    )
    assert nov.quoted_strengths == (("Cordial", 1), ("Rápido", 1))
    assert nov.quoted_weaknesses == (("Demorou a atender", 1), ("Sem previsão clara", 1))
