"""google-api-python-client writing through the Sheets emulator: values.update, values.append,
values.batchUpdate (with formulas recalculated) and the read-only scope's 403.

Every test starts from a reset emulator (the fixtures as loaded), so writes do not leak between tests.
"""

from __future__ import annotations

import googleapiclient.discovery
import googleapiclient.errors
import pytest

import support
from test_sheets import SPREADSHEET_ID, sheets_endpoint  # noqa: F401  (the endpoint fixture)

WRITER = "ledger@harbor-charters.example"


@pytest.fixture
def writer(sheets_endpoint, make_credentials):  # noqa: F811
    token, scopes = support.fixture_refresh_token(WRITER)
    return googleapiclient.discovery.build(
        "sheets", "v4", credentials=make_credentials(refresh_token=token, scopes=scopes),
        static_discovery=True, client_options={"api_endpoint": sheets_endpoint},
    )


def values(service):
    return service.spreadsheets().values()


def test_values_update_user_entered_parses_and_computes(writer):
    result = values(writer).update(
        spreadsheetId=SPREADSHEET_ID, range="October!M1", valueInputOption="USER_ENTERED",
        includeValuesInResponse=True, responseValueRenderOption="UNFORMATTED_VALUE",
        body={"values": [["1,250.50", "15%", "=M1*N1", "'007"]]},
    ).execute()
    assert result["updatedRange"] == "October!M1:P1"
    assert result["updatedCells"] == 4
    assert result["updatedData"]["values"] == [[1250.5, 0.15, 187.575, "007"]]
    formatted = values(writer).get(spreadsheetId=SPREADSHEET_ID, range="October!M1:P1").execute()
    assert formatted["values"] == [["1,250.50", "15%", "187.575", "007"]]
    formula = values(writer).get(spreadsheetId=SPREADSHEET_ID, range="October!O1", valueRenderOption="FORMULA").execute()
    assert formula["values"] == [["=M1*N1"]]


def test_values_append_detects_the_table(writer):
    # August: the charters in rows 1-15, a blank row 16, then a Total row 17.
    result = values(writer).append(
        spreadsheetId=SPREADSHEET_ID, range="August!A1", valueInputOption="USER_ENTERED",
        insertDataOption="INSERT_ROWS", body={"values": [["2026-08-31", "HC-2026-0999", "Osprey"]]},
    ).execute()
    assert result["tableRange"] == "August!A1:K15"
    assert result["updates"]["updatedRange"] == "August!A16:C16"
    after = values(writer).get(spreadsheetId=SPREADSHEET_ID, range="August!A15:C18").execute()["values"]
    assert after[1] == ["2026-08-31", "HC-2026-0999", "Osprey"]
    assert after[3][0] == "Total", "INSERT_ROWS moved the rows below the table down"


def test_values_batch_update_recalculates_dependents(writer):
    result = values(writer).batchUpdate(spreadsheetId=SPREADSHEET_ID, body={
        "valueInputOption": "USER_ENTERED",
        "data": [
            {"range": "October!M1:M2", "values": [["2"], ["=M1*10"]]},
            {"range": "October!N1", "values": [["=SUM(M1:M2)"]]},
        ],
    }).execute()
    assert result["totalUpdatedCells"] == 3
    assert result["totalUpdatedSheets"] == 1
    values(writer).update(
        spreadsheetId=SPREADSHEET_ID, range="October!M1", valueInputOption="RAW", body={"values": [[5]]},
    ).execute()
    read = values(writer).batchGet(
        spreadsheetId=SPREADSHEET_ID, ranges=["October!M1:M2", "October!N1"], valueRenderOption="UNFORMATTED_VALUE",
    ).execute()
    assert [r["values"] for r in read["valueRanges"]] == [[[5], [50]], [[55]]]


def test_values_clear_and_errors(writer):
    cleared = values(writer).clear(spreadsheetId=SPREADSHEET_ID, range="October!A2:B2", body={}).execute()
    assert cleared["clearedRange"] == "October!A2:B2"
    with pytest.raises(googleapiclient.errors.HttpError) as raised:
        values(writer).update(
            spreadsheetId=SPREADSHEET_ID, range="October!A1:B1", valueInputOption="RAW",
            body={"values": [["a"], ["b"]]},
        ).execute()
    assert raised.value.resp.status == 400
    assert raised.value.reason == "Requested writing within range [October!A1:B1], but tried writing to row [2]"


def test_readonly_scope_cannot_write(sheets_endpoint, make_credentials):  # noqa: F811
    token, scopes = support.fixture_refresh_token("reports@harbor-charters.example")
    reader = googleapiclient.discovery.build(
        "sheets", "v4", credentials=make_credentials(refresh_token=token, scopes=scopes),
        static_discovery=True, client_options={"api_endpoint": sheets_endpoint},
    )
    with pytest.raises(googleapiclient.errors.HttpError) as raised:
        values(reader).append(
            spreadsheetId=SPREADSHEET_ID, range="August!A1", valueInputOption="RAW", body={"values": [["x"]]},
        ).execute()
    assert raised.value.resp.status == 403
    assert "insufficient authentication scopes" in raised.value.reason


def test_batch_update_add_sheet_and_update_cells(writer):
    result = writer.spreadsheets().batchUpdate(spreadsheetId=SPREADSHEET_ID, body={
        "requests": [
            {"addSheet": {"properties": {"title": "Ledger", "gridProperties": {"rowCount": 20, "columnCount": 4}}}},
            {"autoResizeDimensions": {"dimensions": {"sheetId": 0, "dimension": "COLUMNS"}}},
        ],
        "includeSpreadsheetInResponse": True,
    }).execute()
    added = result["replies"][0]["addSheet"]["properties"]
    assert added["title"] == "Ledger" and added["gridProperties"] == {"rowCount": 20, "columnCount": 4}
    assert result["replies"][1] == {}
    assert "Ledger" in [s["properties"]["title"] for s in result["updatedSpreadsheet"]["sheets"]]
    writer.spreadsheets().batchUpdate(spreadsheetId=SPREADSHEET_ID, body={"requests": [{"updateCells": {
        "start": {"sheetId": added["sheetId"], "rowIndex": 0, "columnIndex": 0},
        "rows": [{"values": [
            {"userEnteredValue": {"numberValue": 40}},
            {"userEnteredValue": {"formulaValue": "=A1*2"}, "userEnteredFormat": {"numberFormat": {"type": "CURRENCY"}}},
        ]}],
        "fields": "userEnteredValue,userEnteredFormat.numberFormat",
    }}]}).execute()
    read = values(writer).get(spreadsheetId=SPREADSHEET_ID, range="Ledger!A1:B1").execute()
    assert read["values"] == [["40", "$80.00"]]
    with pytest.raises(googleapiclient.errors.HttpError) as raised:
        writer.spreadsheets().batchUpdate(spreadsheetId=SPREADSHEET_ID, body={
            "requests": [{"addSheet": {"properties": {"title": "ledger"}}}]}).execute()
    assert raised.value.resp.status == 400
    assert raised.value.reason == 'Invalid requests[0].addSheet: A sheet with the name "ledger" already exists. Please enter another name.'
