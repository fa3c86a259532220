"""google-api-python-client against the Sheets emulator: array results that spill (values.update of
`={1,2;3,4}` fills A1:B2; data in the way makes the anchor #REF! until it is cleared) and formulas in a
decimal-comma locale's syntax (`;` between arguments, `\\` between array columns).
"""

from __future__ import annotations

from test_sheets import sheets_endpoint  # noqa: F401  (the endpoint fixture)
from test_sheets_writes import values, writer  # noqa: F401  (the read-write client fixture)


def create(service, locale="en_US"):
    return service.spreadsheets().create(
        body={"properties": {"title": f"Spill {locale}", "locale": locale}}).execute()["spreadsheetId"]


def read(service, spreadsheet, cells, render="FORMATTED_VALUE"):
    return values(service).get(spreadsheetId=spreadsheet, range=cells, valueRenderOption=render).execute().get("values")


def test_an_array_literal_spills_and_reads_back(writer):  # noqa: F811
    spreadsheet = create(writer)
    values(writer).update(spreadsheetId=spreadsheet, range="A1", valueInputOption="USER_ENTERED",
                          body={"values": [["={1,2;3,4}", None, None, "=SUM(A1:B2)"]]}).execute()
    assert read(writer, spreadsheet, "A1:B2") == [["1", "2"], ["3", "4"]]
    assert read(writer, spreadsheet, "A1:B2", "UNFORMATTED_VALUE") == [[1, 2], [3, 4]]
    assert read(writer, spreadsheet, "A1:B2", "FORMULA") == [["={1,2;3,4}"]]
    assert read(writer, spreadsheet, "D1", "UNFORMATTED_VALUE") == [[10]]


def test_data_in_the_way_blocks_the_spill_until_cleared(writer):  # noqa: F811
    spreadsheet = create(writer)
    values(writer).update(spreadsheetId=spreadsheet, range="B2", valueInputOption="RAW", body={"values": [["x"]]}).execute()
    values(writer).update(spreadsheetId=spreadsheet, range="A1", valueInputOption="USER_ENTERED",
                          body={"values": [["={1,2;3,4}"]]}).execute()
    assert read(writer, spreadsheet, "A1:B2") == [["#REF!"], ["", "x"]]
    grid = writer.spreadsheets().get(spreadsheetId=spreadsheet, ranges=["A1"], includeGridData=True).execute()
    error = grid["sheets"][0]["data"][0]["rowData"][0]["values"][0]["effectiveValue"]["errorValue"]
    assert error == {"type": "REF", "message": "Array result was not expanded because it would overwrite data in B2."}
    values(writer).clear(spreadsheetId=spreadsheet, range="B2", body={}).execute()
    assert read(writer, spreadsheet, "A1:B2") == [["1", "2"], ["3", "4"]]


def test_a_german_spreadsheet_reads_formulas_in_its_syntax(writer):  # noqa: F811
    spreadsheet = create(writer, "de_DE")
    values(writer).update(spreadsheetId=spreadsheet, range="A1", valueInputOption="USER_ENTERED",
                          body={"values": [["=SUM(1,5;2)", "={1\\2}"]]}).execute()
    assert read(writer, spreadsheet, "A1:C1") == [["3,5", "1", "2"]]
    assert read(writer, spreadsheet, "A1:C1", "FORMULA") == [["=SUM(1,5;2)", "={1\\2}"]]
