"""`drydock report` read back by independent readers: openpyxl (sheets, values, formulas, number formats,
frozen panes, autofilter, conditional formats, chart) with every total checked against
fixtures/default/ledger.json computed here, and LibreOffice headless recalculating the formulas (when
`soffice` is installed: CI/test.sh installs libreoffice-calc-nogui through CI/libreoffice.sh).

Each month runs under its own `drydock exec` (binary: DRYDOCK_EXEC_BIN, set by CI/interop.sh), so the
shared emulators of the other interop tests are not involved.
"""

from __future__ import annotations

import csv
import datetime
import json
import os
import pathlib
import shutil
import subprocess
from collections import defaultdict
from decimal import Decimal

import openpyxl
import pytest

import support

ROOT = pathlib.Path(__file__).resolve().parents[2]
FIXTURES = ROOT / "fixtures" / "default"
LEDGER = json.loads((FIXTURES / "ledger.json").read_text())
SPREADSHEET = LEDGER["business"]["spreadsheet_id"]
MONTHS = {"2026-08": "August", "2026-09": "September", "2026-10": "October"}
EPOCH = 1_790_000_000  # 2026-09-21T14:13:20Z: the run's clock, fixed
CENT = Decimal("0.01")
KIND_OF_MISMATCH = {"wrong_amount": "amount_mismatch", "missing_from_sheet": "missing_from_sheet", "extra_in_sheet": "extra_in_sheet"}


def money(value) -> Decimal:
    return Decimal(str(value)).quantize(CENT)


def run_report(out: pathlib.Path, month: str, *extra: str, exec_options: tuple[str, ...] = ()) -> subprocess.CompletedProcess:
    binary = support.require_env("DRYDOCK_EXEC_BIN")
    command = [binary, "report", "--month", month, "--out", str(out), "--spreadsheet", SPREADSHEET,
               "--company", LEDGER["business"]["name"], *extra]
    return subprocess.run([binary, "exec", *exec_options, "--", *command], capture_output=True, text=True, timeout=120,
                          env={"PATH": os.environ["PATH"], "SOURCE_DATE_EPOCH": str(EPOCH)})


def sheet_rows(tab: str) -> list[dict[str, str]]:
    """The trip sheet's CSV fixture: charter rows only (no blank or Total rows)."""
    path = next((FIXTURES / "sheets").glob(f"*/{tab}.csv"))
    with path.open(newline="", encoding="utf-8") as handle:
        return [row for row in csv.DictReader(handle) if row.get("Booking ID")]


class Expected:
    """What the report must say for a month, from the ledger, its deliberate mismatches and the sheet CSV
    (for fuel, which only the sheet knows) — without reading the workbook."""

    def __init__(self, month: str) -> None:
        tab = MONTHS[month]
        rows = {row["Booking ID"]: row for row in sheet_rows(tab)}
        charters = [c for c in LEDGER["charters"] if c["charter_date"].startswith(month)]
        mismatches = [m for m in LEDGER["deliberate_mismatches"] if m["sheet"] == tab]
        wrong = {m["booking_id"]: Decimal(m["sheet_amount"]) for m in mismatches if m["kind"] == "wrong_amount"}
        missing = {m["booking_id"] for m in mismatches if m["kind"] == "missing_from_sheet"}
        extra = [m for m in mismatches if m["kind"] == "extra_in_sheet"]
        self.findings = {(KIND_OF_MISMATCH[m["kind"]], m["booking_id"]) for m in mismatches}
        self.findings |= {("stale_replica", d["booking_id"]) for d in LEDGER["dispatch_duplicates"]
                          if d["dispatch_month"] == month}
        self.flagged = {booking for kind, booking in self.findings if kind != "stale_replica"}
        self.all_ids = {c["booking_id"] for c in charters} | {m["booking_id"] for m in extra}
        self.cancelled = {c["booking_id"] for c in charters if c["status"] == "cancelled"}
        zero = lambda: defaultdict(lambda: Decimal(0))  # noqa: E731
        self.charters, self.guests = defaultdict(int), defaultdict(int)
        self.booked, self.revenue, self.fuel = zero(), zero(), zero()
        self.boat_revenue, self.captain_revenue, self.source_revenue = zero(), zero(), zero()
        counted = []
        for c in charters:
            if c["status"] != "confirmed":
                continue
            amount = Decimal(c["amount"])
            revenue = None if c["booking_id"] in missing else wrong.get(c["booking_id"], amount)
            counted.append((c["currency"], c["party_size"], amount, revenue, c["boat"], c["captain"], c["source"], c["booking_id"]))
        for m in extra:
            row = rows[m["booking_id"]]
            counted.append((m["currency"], int(row["Party"]), None, Decimal(m["sheet_amount"]), row["Boat"], row["Captain"],
                            "sheet only", m["booking_id"]))
        for currency, party, amount, revenue, boat, captain, source, booking in counted:
            self.charters[currency] += 1
            self.guests[currency] += party
            self.booked[currency] += amount or 0
            if revenue is not None:
                self.revenue[currency] += revenue
                self.fuel[currency] += Decimal(rows[booking]["Fuel"] or "0")
                self.boat_revenue[(boat, currency)] += revenue
                self.captain_revenue[(captain, currency)] += revenue
                self.source_revenue[(source, currency)] += revenue


def summary_tables(sheet) -> dict[str, dict[str, dict[str, object]]]:
    """The Summary's tables by section title: row key → {header: value}."""
    tables: dict[str, dict[str, dict[str, object]]] = {}
    rows = list(sheet.iter_rows(values_only=True))
    index = 0
    while index < len(rows):
        title = rows[index][0]
        if title in ("Totals per currency", "By boat", "By captain", "Direct vs partner"):
            headers = rows[index + 1]
            table = {}
            index += 2
            while index < len(rows) and rows[index][0] is not None:
                table[rows[index][0]] = {h: v for h, v in zip(headers, rows[index]) if h is not None}
                index += 1
            tables[title] = table
        index += 1
    return tables


@pytest.fixture(scope="module")
def reports(tmp_path_factory) -> dict[str, pathlib.Path]:
    directory = tmp_path_factory.mktemp("reports")
    paths = {}
    for month in MONTHS:
        out = directory / f"report-{month}.xlsx"
        run = run_report(out, month)
        assert run.returncode == 0, run.stderr
        paths[month] = out
    return paths


@pytest.mark.parametrize("month", list(MONTHS))
def test_workbook_structure(reports, month: str) -> None:
    workbook = openpyxl.load_workbook(reports[month])
    assert workbook.sheetnames == ["Summary", "Charters", "Discrepancies", "Sources"]
    assert workbook.properties.title == f"Revenue report {month}"
    assert workbook.properties.created == datetime.datetime(2026, 9, 21, 14, 13, 20)
    charters = workbook["Charters"]
    assert charters.freeze_panes == "A2"
    assert charters.auto_filter.ref and charters.auto_filter.ref.startswith("A1:P")
    rules = [rule for cf in charters.conditional_formatting for rule in cf.rules]
    assert any(rule.type == "expression" and '<>"OK"' in rule.formula[0] for rule in rules)
    assert len(workbook["Summary"]._charts) == 1
    headers = [cell.value for cell in charters[1]]
    assert headers[:11] == ["Date", "Booking ID", "Boat", "Captain", "Guest", "Party", "Currency", "Amount (mail)",
                            "Revenue (sheet)", "Fuel", "Net"]
    symbols = {"USD": '"$"', "EUR": '"€"', "CAD": '"CA$"'}
    for row in charters.iter_rows(min_row=2):
        date, currency, amount, net = row[0], row[6].value, row[7], row[10]
        assert isinstance(date.value, datetime.datetime) and date.number_format == "yyyy-mm-dd"
        if amount.value is not None:
            assert amount.number_format.startswith(symbols[currency]), (row[1].value, amount.number_format)
        if net.value is not None:
            assert net.value == f"=I{net.row}-J{net.row}"
    summary = workbook["Summary"]
    formulas = [cell.value for row in summary.iter_rows(min_row=9) for cell in row if isinstance(cell.value, str) and cell.value.startswith("=")]
    assert formulas and all(f.startswith(("=COUNTIFS(", "=SUMIFS(")) for f in formulas)


@pytest.mark.parametrize("month", list(MONTHS))
def test_totals_match_the_ledger(reports, month: str) -> None:
    expected = Expected(month)
    values = openpyxl.load_workbook(reports[month], data_only=True)
    tables = summary_tables(values["Summary"])
    totals = tables["Totals per currency"]
    assert set(totals) == set(expected.charters)
    for currency, row in totals.items():
        assert row["Charters"] == expected.charters[currency], currency
        assert row["Guests"] == expected.guests[currency], currency
        assert money(row["Booked (mail)"]) == expected.booked[currency], currency
        assert money(row["Revenue (sheet)"]) == expected.revenue[currency], currency
        assert money(row["Fuel"]) == expected.fuel[currency], currency
        assert money(row["Net"]) == expected.revenue[currency] - expected.fuel[currency], currency
    for title, wanted in (("By boat", expected.boat_revenue), ("By captain", expected.captain_revenue),
                          ("Direct vs partner", expected.source_revenue)):
        found = {(key, header.removeprefix("Revenue ")): money(value) for key, row in tables[title].items()
                 for header, value in row.items() if header.startswith("Revenue ") and value}
        assert found == {k: v for k, v in wanted.items() if v}, title


@pytest.mark.parametrize("month", list(MONTHS))
def test_exactly_the_deliberate_mismatches_are_flagged(reports, month: str) -> None:
    expected = Expected(month)
    workbook = openpyxl.load_workbook(reports[month], data_only=True)
    findings = {(row[0], row[1]) for row in workbook["Discrepancies"].iter_rows(min_row=2, values_only=True) if row[0]}
    assert findings == expected.findings
    statuses = {row[1]: row[15] for row in workbook["Charters"].iter_rows(min_row=2, values_only=True)}
    assert set(statuses) == expected.all_ids
    assert {booking for booking, status in statuses.items() if status != "OK"} == expected.flagged
    bookings = {row[1]: row[11] for row in workbook["Charters"].iter_rows(min_row=2, values_only=True)}
    assert {b for b, state in bookings.items() if state == "cancelled"} == expected.cancelled


def test_the_same_inputs_and_clock_give_the_same_bytes(reports, tmp_path: pathlib.Path) -> None:
    again = tmp_path / "again.xlsx"
    run = run_report(again, "2026-09")
    assert run.returncode == 0, run.stderr
    assert again.read_bytes() == reports["2026-09"].read_bytes()


def test_a_partial_report_shows_the_banner_and_the_missing_source(tmp_path: pathlib.Path) -> None:
    out = tmp_path / "partial.xlsx"
    fault = json.dumps({"service": "dynamodb", "region": "us-west-2",
                        "action": {"type": "status", "status": 400, "reason": "ThrottlingException"}})
    run = run_report(out, "2026-09", "--allow-partial", exec_options=("--fault", fault))
    assert run.returncode == 2, run.stderr
    workbook = openpyxl.load_workbook(out)
    banner = workbook["Summary"]["A2"]
    assert banner.value.startswith("PARTIAL REPORT — missing: dynamodb us-west-2")
    assert banner.fill.fgColor.rgb.endswith("C00000")
    assert "A2:H2" in {str(r) for r in workbook["Summary"].merged_cells.ranges}
    failed = [row for row in workbook["Sources"].iter_rows(min_row=2, values_only=True) if row[1] and row[1].startswith("FAILED")]
    assert failed and failed[0][0] == "dynamodb us-west-2" and "ThrottlingException" in failed[0][2]
    assert workbook.properties.description == "PARTIAL: dynamodb us-west-2"


LIBREOFFICE_PROFILE = """<?xml version="1.0" encoding="UTF-8"?>
<oor:items xmlns:oor="http://openoffice.org/2001/registry" xmlns:xs="http://www.w3.org/2001/XMLSchema" xmlns:xsi="http://www.w3.org/2001/XMLSchema-instance">
<item oor:path="/org.openoffice.Office.Calc/Formula/Load"><prop oor:name="OOXMLRecalcMode" oor:op="fuse"><value>0</value></prop></item>
</oor:items>
"""


def test_libreoffice_recalculates_the_cached_values(reports, tmp_path: pathlib.Path) -> None:
    """openpyxl saves formulas without their cached values, so LibreOffice (told to always recalculate
    OOXML on load) must compute every formula itself; its results must equal the cached values drydock
    wrote."""
    soffice = shutil.which("soffice") or shutil.which("libreoffice")
    if soffice is None:
        if os.environ.get("DRYDOCK_REQUIRE_LIBREOFFICE") == "1":
            pytest.fail("soffice not found although CI/libreoffice.sh ran")
        pytest.skip("LibreOffice is not installed (CI/libreoffice.sh installs libreoffice-calc-nogui)")
    profile = tmp_path / "profile"
    (profile / "user").mkdir(parents=True)
    (profile / "user" / "registrymodifications.xcu").write_text(LIBREOFFICE_PROFILE)
    stripped, converted = tmp_path / "stripped", tmp_path / "converted"
    stripped.mkdir()
    for month, path in reports.items():
        openpyxl.load_workbook(path).save(stripped / path.name)
    run = subprocess.run([soffice, f"-env:UserInstallation={profile.as_uri()}", "--headless", "--calc", "--convert-to", "xlsx",
                          "--outdir", str(converted), *sorted(str(p) for p in stripped.iterdir())],
                         capture_output=True, text=True, timeout=300)
    assert run.returncode == 0, run.stderr
    for month, path in reports.items():
        cached = openpyxl.load_workbook(path, data_only=True)
        formulas = openpyxl.load_workbook(path)
        recalculated = openpyxl.load_workbook(converted / path.name, data_only=True)
        checked = 0
        for name in ("Summary", "Charters"):
            for row in formulas[name].iter_rows():
                for cell in row:
                    if isinstance(cell.value, str) and cell.value.startswith("="):
                        want = cached[name][cell.coordinate].value
                        got = recalculated[name][cell.coordinate].value
                        assert want is not None, (month, name, cell.coordinate)
                        assert money(got) == money(want), (month, name, cell.coordinate, cell.value)
                        checked += 1
        assert checked > 50, month
