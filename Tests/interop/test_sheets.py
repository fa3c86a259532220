"""google-api-python-client (bundled static discovery document) against the Sheets emulator.

Skipped only while the Sheets emulator is not served (its paths answer 404); they run as soon as it is.
"""

from __future__ import annotations

import os

import googleapiclient.discovery
import googleapiclient.errors
import pytest

import support

SPREADSHEET_ID = "1TrIpShEeTsHaRbOrChArTeRs2026DrYdOcKdEmO0a"
TITLE = "Captains' Trip Sheets 2026"


@pytest.fixture(scope="module")
def sheets_endpoint() -> str:
    """`SHEETS_API_ENDPOINT`, once the Sheets emulator serves it; a skip until then."""
    endpoint = os.environ.get("SHEETS_API_ENDPOINT", "").rstrip("/")
    probe_base = endpoint or support.edge_url()
    support.skip_unless_served(f"{probe_base}/v4/spreadsheets/{SPREADSHEET_ID}", "Sheets spreadsheets.get")
    if not endpoint:
        pytest.fail("the edge serves /v4/spreadsheets but `emulators serve` exports no SHEETS_API_ENDPOINT")
    return endpoint


@pytest.fixture
def sheets(sheets_endpoint, credentials):
    return googleapiclient.discovery.build(
        "sheets", "v4", credentials=credentials, static_discovery=True,
        client_options={"api_endpoint": sheets_endpoint},
    )


def test_spreadsheets_get(sheets):
    spreadsheet = sheets.spreadsheets().get(spreadsheetId=SPREADSHEET_ID).execute()
    assert spreadsheet["spreadsheetId"] == SPREADSHEET_ID
    assert spreadsheet["properties"]["title"] == TITLE
    titles = [sheet["properties"]["title"] for sheet in spreadsheet["sheets"]]
    assert {"Captain's Notes", "August"} <= set(titles)
    for sheet in spreadsheet["sheets"]:
        grid = sheet["properties"]["gridProperties"]
        assert grid["rowCount"] > 0 and grid["columnCount"] > 0
    assert spreadsheet["spreadsheetUrl"].endswith(f"/spreadsheets/d/{SPREADSHEET_ID}/edit")
    assert "data" not in spreadsheet["sheets"][0], "grid data only with includeGridData"


def test_values_get_quoted_sheet_name(sheets):
    result = sheets.spreadsheets().values().get(
        spreadsheetId=SPREADSHEET_ID, range="'Captain''s Notes'!A1:B5").execute()
    assert result["range"] == "'Captain''s Notes'!A1:B5"
    assert result["majorDimension"] == "ROWS"
    rows = result["values"]
    assert 0 < len(rows) <= 5 and all(len(row) <= 2 for row in rows)
    assert all(isinstance(cell, str) for row in rows for cell in row), "FORMATTED_VALUE cells are strings"


def test_values_get_open_ended_range(sheets):
    result = sheets.spreadsheets().values().get(spreadsheetId=SPREADSHEET_ID, range="August!A2:C").execute()
    # Sheets bounds an open range by the grid: "August!A2:C1000" for a 1000-row sheet.
    assert result["range"].startswith("August!A2:C")
    assert result["range"][len("August!A2:C"):].isdigit()
    rows = result["values"]
    assert rows and all(len(row) <= 3 for row in rows)
    assert rows[-1], "trailing empty rows are trimmed"


def test_values_batch_get_keeps_range_order(sheets):
    ranges = ["August!A2:C", "'Captain''s Notes'!A1:B5", "August!A1:A1"]
    result = sheets.spreadsheets().values().batchGet(spreadsheetId=SPREADSHEET_ID, ranges=ranges).execute()
    assert result["spreadsheetId"] == SPREADSHEET_ID
    value_ranges = result["valueRanges"]
    assert len(value_ranges) == len(ranges)
    assert value_ranges[0]["range"].startswith("August!A2:C")
    assert value_ranges[1]["range"] == "'Captain''s Notes'!A1:B5"
    assert value_ranges[2]["range"] == "August!A1"
    single = sheets.spreadsheets().values().get(spreadsheetId=SPREADSHEET_ID, range="August!A2:C").execute()
    assert value_ranges[0].get("values") == single["values"]


def test_unknown_spreadsheet_is_404(sheets):
    with pytest.raises(googleapiclient.errors.HttpError) as raised:
        sheets.spreadsheets().get(spreadsheetId="1NoSuChShEeTxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxx").execute()
    assert raised.value.resp.status == 404
    assert raised.value.reason == "Requested entity was not found."


def test_mail_only_token_gets_403_insufficient_scope(sheets_endpoint, make_credentials):
    dispatch_token, scopes = support.fixture_refresh_token("dispatch@harbor-charters.example")
    service = googleapiclient.discovery.build(
        "sheets", "v4", credentials=make_credentials(refresh_token=dispatch_token, scopes=scopes),
        static_discovery=True, client_options={"api_endpoint": sheets_endpoint},
    )
    with pytest.raises(googleapiclient.errors.HttpError) as raised:
        service.spreadsheets().get(spreadsheetId=SPREADSHEET_ID).execute()
    assert raised.value.resp.status == 403
    assert "insufficient authentication scopes" in raised.value.reason
