"""`report month` and `report year` through the CLI, on a small book written into the store."""

from __future__ import annotations

import json
import os
import stat
import xml.etree.ElementTree as ET
from datetime import UTC, datetime
from html.parser import HTMLParser
from typing import ClassVar
from zoneinfo import ZoneInfo

import pytest
from sqlmodel import select

from focco247 import paths
from focco247.store.db import transaction
from focco247.store.models import (
    Call,
    Client,
    Escalation,
    Invoice,
    InvoiceLine,
    ProgressUpdate,
    Specialist,
    TimeEntry,
)

TZ = ZoneInfo("America/Sao_Paulo")
EVIL = "<img src=x onerror=alert(1)>"


def L(text: str) -> datetime:
    return datetime.fromisoformat(text).replace(tzinfo=TZ).astimezone(UTC)


@pytest.fixture
def book(cli, acme, beta):
    """November 2026 (the clock: Wed Nov 25, 22:00): every figure below is known by hand."""
    cli.run("client", "add", "EVIL", "--name", EVIL)
    cli.run(
        "contract", "glt", "EVIL", "--monthly", "1000", "--hourly-rate", "100",
        "--since", "2020-01-01",
    )  # fmt: skip
    with transaction(paths.db_location(), write=True) as s:
        ids = {c.code: c.id for c in s.exec(select(Client)).all()}

        def call(code: str, opened: str, verdict: str, status: str, **kw) -> Call:
            row = Call(
                client_id=ids[code], product=kw.pop("product", "FoccoERP"),
                caller=kw.pop("caller", "Maria"), summary="ERP parado",
                opened_at=L(opened), verdict=verdict, status=status, **kw,
            )  # fmt: skip
            s.add(row)
            s.flush()
            return row

        a1 = call("ACME", "2026-11-02 21:00", "covered", "closed",
                  resolved_at=L("2026-11-02 21:30"), closed_at=L("2026-11-02 21:40"),
                  rating=5, strengths="Rápido")  # fmt: skip
        a2 = call("ACME", "2026-11-24 20:00", "covered", "open", level=3)
        b1 = call("BETA", "2026-11-01 09:00", "exceptional", "resolved", level=2,
                  chargeable=True, resolved_at=L("2026-11-01 11:00"))  # fmt: skip
        call("BETA", "2026-11-21 23:00", "refused", "refused")
        e1 = call("EVIL", "2026-11-08 23:00", "exceptional", "closed",
                  caller="<script>alert(2)</script>", resolved_at=L("2026-11-08 23:20"),
                  closed_at=L("2026-11-08 23:30"), rating=3,
                  strengths="<script>alert('x')</script> & co",
                  weaknesses="<b>slow</b>")  # fmt: skip
        call("EVIL", "2026-11-22 22:00", "refused", "refused")
        call("ACME", "2026-11-03 10:00", "business_hours", "redirected")

        s.add(TimeEntry(call_id=a1.id, minutes=30, worked_at=L("2026-11-02 21:30"),
                        created_at=L("2026-11-02 21:30")))  # fmt: skip
        s.add(TimeEntry(call_id=b1.id, minutes=120, worked_at=L("2026-11-01 11:00"),
                        created_at=L("2026-11-01 11:00")))  # fmt: skip
        s.add(TimeEntry(call_id=b1.id, minutes=-30, worked_at=L("2026-11-01 11:00"),
                        created_at=L("2026-11-01 11:05")))  # fmt: skip
        s.add(TimeEntry(call_id=e1.id, minutes=20, worked_at=L("2026-11-08 23:20"),
                        created_at=L("2026-11-08 23:20")))  # fmt: skip
        s.add(ProgressUpdate(call_id=a2.id, at=L("2026-11-24 21:00"), note="Restoring backup"))
        ana = Specialist(name="Ana", area="Fiscal")
        bruno = Specialist(name="Bruno", area="Infra")
        s.add_all([ana, bruno])
        s.flush()
        s.add(
            Escalation(call_id=a2.id, specialist_id=ana.id, reason="NF-e", at=L("2026-11-24 20:30"))
        )
        s.add(
            Escalation(call_id=b1.id, specialist_id=bruno.id, reason="DB", at=L("2026-11-01 09:30"))
        )

        def invoice(seq: int, code: str, status: str, lines: list[tuple[str, int, int | None]]):
            inv = Invoice(
                seq=seq, number=f"F247-{seq:06d}", client_id=ids[code], month="2026-11",
                status=status, issued_at=L("2026-11-25 09:00"),
                total_cents=sum(amount for _, amount, _ in lines),
            )  # fmt: skip
            s.add(inv)
            s.flush()
            for position, (kind, amount, minutes) in enumerate(lines, 1):
                s.add(InvoiceLine(invoice_id=inv.id, position=position, kind=kind,
                                  description=kind, minutes_billed=minutes,
                                  amount_cents=amount))  # fmt: skip

        invoice(1, "ACME", "issued", [("fee_247", 150_000, None)])
        invoice(2, "BETA", "void", [("fee_247", 77_700, None)])
        invoice(3, "BETA", "issued", [("chargeable_hours", 22_500, 90)])
    return ids


def test_report_month_json_has_every_figure_known_by_hand(cli, book):
    doc = cli.json("report", "month", "2026-11")
    assert (doc["report"], doc["month"], doc["currency"]) == ("month", "2026-11", "BRL")
    assert (doc["from"], doc["to"], doc["client"]) == ("2026-11-01", "2026-11-30", None)
    assert doc["contacts"] == {
        "total": 7,
        "by_verdict": {
            "covered": 2, "exceptional": 2, "grace": 0, "refused": 2, "business_hours": 1,
        },
    }  # fmt: skip
    assert doc["calls"] == {"total": 4, "by_level": {"1": 2, "2": 1, "3": 1}}
    assert doc["heatmap"]["counts"][0][21] == 1  # Monday Nov 2, 21:00 local
    assert sum(map(sum, doc["heatmap"]["counts"])) == 7
    assert doc["resolution"]["by_level"] == {
        "1": {"calls": 2, "median_minutes": 25, "p90_minutes": 30},
        "2": {"calls": 1, "median_minutes": 120, "p90_minutes": 120},
        "3": {"calls": 0, "median_minutes": None, "p90_minutes": None},
    }
    assert doc["resolution"]["all"] == {"calls": 3, "median_minutes": 30, "p90_minutes": 120}
    # The level-3 call: 20:00 -> update 21:00 (60) -> now, Nov 25 22:00 (1500, overdue).
    assert doc["level3"] == {
        "update_every_minutes": 120, "calls": 1, "calls_overdue": 1, "overdue_gaps": 1,
        "items": [{
            "call_id": book and doc["level3"]["items"][0]["call_id"], "client": "ACME",
            "opened_at": "2026-11-24T20:00:00-03:00", "updates": 1, "overdue_gaps": 1,
            "longest_gap_minutes": 1500, "still_open": True,
        }],
    }  # fmt: skip
    assert doc["escalations"] == {
        "total": 2,
        "by_specialist": [
            {"specialist": "Ana", "area": "Fiscal", "escalations": 1},
            {"specialist": "Bruno", "area": "Infra", "escalations": 1},
        ],
        "by_area": [{"area": "Fiscal", "escalations": 1}, {"area": "Infra", "escalations": 1}],
    }
    assert doc["hours"] == {"logged_minutes": 140, "chargeable_minutes": 90}
    assert doc["ratings"]["count"] == 2
    assert doc["ratings"]["average"] == 4.0
    assert doc["ratings"]["distribution"] == {"1": 0, "2": 0, "3": 1, "4": 0, "5": 1}
    assert [c["strengths"] for c in doc["ratings"]["comments"]] == [
        "Rápido",
        "<script>alert('x')</script> & co",
    ]
    assert [x["client"] for x in doc["exceptional"]] == ["BETA", "EVIL"]
    assert [
        (lead["client"], lead["refused"], lead["exceptional"], lead["dates"])
        for lead in doc["sales_leads"]
    ] == [
        ("BETA", 1, 1, ["2026-11-01", "2026-11-21"]),
        ("EVIL", 1, 1, ["2026-11-08", "2026-11-22"]),
    ]
    # The void invoice is left out: its items were released.
    assert doc["revenue"] == {
        "currency": "BRL", "fees": "1500.00", "chargeable_hours": "225.00",
        "adjustments": "0.00", "total": "1725.00", "billed_minutes": 90,
    }  # fmt: skip


def test_report_month_format_json_equals_json_flag_and_keys_are_stable(cli, book):
    by_flag = cli.json("report", "month", "2026-11")
    by_format = json.loads(cli.run("report", "month", "2026-11", "--format", "json").stdout)
    assert by_flag == by_format
    assert list(by_flag) == [
        "report", "month", "client", "client_name", "timezone", "from", "to", "currency",
        "sales", "contacts", "calls", "heatmap", "resolution", "level3", "escalations",
        "hours", "ratings", "exceptional", "sales_leads", "revenue",
    ]  # fmt: skip


def test_report_month_client_filter_keeps_only_that_client(cli, book):
    doc = cli.json("report", "month", "2026-11", "--client", "beta")
    assert (doc["client"], doc["contacts"]["total"]) == ("BETA", 2)
    assert doc["revenue"]["total"] == "225.00"
    assert [lead["client"] for lead in doc["sales_leads"]] == ["BETA"]


def test_report_month_previous_and_default_month_follow_the_clock(cli, book):
    assert cli.json("report", "month", "--previous")["month"] == "2026-10"
    assert cli.json("report", "month")["month"] == "2026-11"


@pytest.mark.parametrize(
    ("args", "message"),
    [
        (["2026-13"], "Month '2026-13' is not valid"),
        (["2026-11", "--previous"], "either a month or --previous"),
        (["2026-11", "--client", "NOPE"], "Unknown client 'NOPE'"),
        (["2026-11", "--json", "--format", "html"], "disagree"),
    ],
)
def test_report_month_bad_input_is_one_sentence_and_exit_1(cli, book, args, message):
    result = cli.run("report", "month", *args, code=1)
    assert message in result.stderr
    assert result.stderr.count("\n") == 1


def test_report_month_table_is_plain_text_within_80_columns(cli, book):
    out = cli.run("report", "month", "2026-11").stdout
    for expected in ("Contacts by verdict", "covered", "Sales leads", "BETA", "Ana (Fiscal)"):
        assert expected in out
    assert "\x1b[" not in out  # plain when piped
    assert max(len(line) for line in out.splitlines()) <= 80


class _Strict(HTMLParser):
    """Checks that every element opened is closed in order (void elements excepted)."""

    VOID: ClassVar[set[str]] = {"meta", "br"}

    def __init__(self) -> None:
        super().__init__()
        self.stack: list[str] = []

    def handle_starttag(self, tag, attrs):
        if tag not in self.VOID:
            self.stack.append(tag)

    def handle_startendtag(self, tag, attrs):
        pass

    def handle_endtag(self, tag):
        assert self.stack and self.stack.pop() == tag, f"unbalanced </{tag}>"


def _check_html(text: str) -> ET.Element:
    body = text.split("\n", 1)[1]  # after <!DOCTYPE html>
    root = ET.fromstring(body)  # strict XML parse: well-formed or it raises
    parser = _Strict()
    parser.feed(text)
    parser.close()
    assert parser.stack == []
    lowered = text.lower()
    assert "<script" not in lowered
    assert "http://" not in lowered and "https://" not in lowered
    return root


def test_report_month_html_is_well_formed_has_no_script_and_escapes_names(cli, book):
    text = cli.run("report", "month", "2026-11", "--format", "html").stdout
    root = _check_html(text)
    assert text.startswith("<!DOCTYPE html>")
    assert "&lt;img src=x onerror=alert(1)&gt;" in text
    assert "<img" not in text and "<b>slow" not in text
    assert "&lt;script&gt;alert(2)&lt;/script&gt;" in text
    # The parsed document still shows the client's name as text.
    assert EVIL in "".join(root.itertext())
    assert root.find(".//{*}svg") is not None or root.find(".//svg") is not None
    assert '<meta name="viewport"' in text


def test_report_output_writes_atomically_with_mode_0600_into_a_folder(cli, book, tmp_path):
    out = cli.run("report", "month", "2026-11", "--format", "html", "--output", str(tmp_path))
    target = tmp_path / "report-2026-11.html"
    assert str(target) in out.stdout
    assert stat.S_IMODE(os.stat(target).st_mode) == 0o600
    _check_html(target.read_text("utf-8"))
    named = tmp_path / "nov.json"
    cli.run("report", "month", "2026-11", "--json", "--output", str(named))
    assert json.loads(named.read_text("utf-8"))["month"] == "2026-11"
    assert [p.name for p in tmp_path.iterdir() if p.name.endswith(".tmp")] == []


def test_report_output_into_a_missing_folder_is_refused(cli, book, tmp_path):
    result = cli.run(
        "report", "month", "2026-11", "--output", str(tmp_path / "nope" / "r.txt"), code=1
    )
    assert "does not exist" in result.stderr


def test_report_year_json_splits_figures_by_month_with_revenue(cli, book):
    doc = cli.json("report", "year", "2026")
    assert (doc["report"], doc["year"], doc["from"], doc["to"]) == (
        "year", "2026", "2026-01-01", "2026-12-31",
    )  # fmt: skip
    assert [m["month"] for m in doc["months"]] == [f"2026-{m:02d}" for m in range(1, 13)]
    nov = doc["months"][10]
    assert (nov["contacts"], nov["calls"], nov["logged_minutes"]) == (7, 4, 140)
    assert nov["revenue"]["total"] == "1725.00" and nov["revenue"]["fees"] == "1500.00"
    assert doc["months"][9]["contacts"] == 0
    assert doc["months"][9]["revenue"]["total"] == "0.00"
    assert doc["contacts"]["total"] == 7 and doc["revenue"]["total"] == "1725.00"


def test_report_year_table_and_html(cli, book):
    out = cli.run("report", "year", "2026").stdout
    assert "Month by month" in out and "2026-11" in out
    assert max(len(line) for line in out.splitlines()) <= 80
    html_text = cli.run("report", "year", "2026", "--format", "html").stdout
    _check_html(html_text)
    assert "&lt;img src=x onerror=alert(1)&gt;" in html_text


def test_report_year_rejects_a_bad_year(cli, book):
    assert "Year '26' is not valid" in cli.run("report", "year", "26", code=1).stderr


def test_report_on_an_empty_store_shows_zeroes(cli):
    doc = cli.json("report", "month", "2026-11")
    assert doc["contacts"]["total"] == 0 and doc["ratings"]["average"] is None
    assert "Sales leads: none" in cli.run("report", "month", "2026-11").stdout
    _check_html(cli.run("report", "month", "2026-11", "--format", "html").stdout)


def test_report_counts_contacts_recorded_by_call_open_and_finds_the_lead(cli, acme, beta):
    """Through the attendant's own commands: a business-hours contact, an exceptional
    service and a refused contact from a client without the add-on."""
    open_ = ["call", "open", "--caller", "Sérgio", "--summary", "ERP parado"]
    cli.run(*open_[:2], "ACME", *open_[2:], "--at", "2026-11-24 10:15", code=3)
    first = cli.json(*open_[:2], "BETA", *open_[2:], "--at", "2026-11-22 23:40")
    assert first["verdict"] == "exceptional"
    cli.run("call", "resolve", str(first["id"]), "--resolution", "ok", "--at", "2026-11-23 00:10")
    cli.run(*open_[:2], "BETA", *open_[2:], "--at", "2026-11-24 22:00", code=3)
    doc = cli.json("report", "month", "2026-11")
    assert doc["contacts"]["by_verdict"] == {
        "covered": 0, "exceptional": 1, "grace": 0, "refused": 1, "business_hours": 1,
    }  # fmt: skip
    assert doc["resolution"]["all"] == {"calls": 1, "median_minutes": 30, "p90_minutes": 30}
    assert [(x["client"], x["refused"], x["exceptional"]) for x in doc["sales_leads"]] == [
        ("BETA", 1, 1)
    ]


def test_report_table_to_a_file_is_plain_text_and_replaces_the_old_file(cli, book, tmp_path):
    target = tmp_path / "nov.txt"
    target.write_text("old content that is much longer than nothing\n" * 1000, "utf-8")
    cli.run("report", "month", "2026-11", "--output", str(target))
    text = target.read_text("utf-8")
    assert text.startswith("24|7 report 2026-11") and "old content" not in text
    assert "\x1b[" not in text
    assert stat.S_IMODE(os.stat(target).st_mode) == 0o600
