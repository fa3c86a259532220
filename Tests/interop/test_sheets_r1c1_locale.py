"""google-api-python-client against the Sheets emulator: R1C1 ranges (answered in A1) and the
spreadsheet's locale reading USER_ENTERED input (de_DE, fr_FR, en_GB) and rendering FORMATTED_VALUE.
"""

from __future__ import annotations

import pytest

from test_sheets import SPREADSHEET_ID, sheets_endpoint  # noqa: F401  (the endpoint fixture)
from test_sheets_writes import values, writer  # noqa: F401  (the read-write client fixture)


def test_r1c1_ranges_are_answered_in_a1(writer):  # noqa: F811
    updated = values(writer).update(
        spreadsheetId=SPREADSHEET_ID, range="October!R1C13:R2C14", valueInputOption="RAW",
        body={"values": [["a", "b"], ["c", "d"]]},
    ).execute()
    assert updated["updatedRange"] == "October!M1:N2"
    read = values(writer).get(spreadsheetId=SPREADSHEET_ID, range="October!R1C13:R2C14").execute()
    assert read["range"] == "October!M1:N2"
    assert read["values"] == [["a", "b"], ["c", "d"]]
    batch = values(writer).batchGet(spreadsheetId=SPREADSHEET_ID, ranges=["October!R2C14", "October!R[0]C[12]"]).execute()
    assert [r["range"] for r in batch["valueRanges"]] == ["October!N2", "October!M1"]


def create(service, locale):
    return service.spreadsheets().create(
        body={"properties": {"title": f"Locale {locale}", "locale": locale}}).execute()["spreadsheetId"]


@pytest.mark.parametrize("locale, typed, unformatted, formatted", [
    ("de_DE", ["1.234,5", "31.12.2026", "12,5%", "1.234,50 €", "1234,5"],
     [1234.5, 46387, 0.125, 1234.5, 1234.5], ["1.234,50", "31.12.2026", "12,50%", "1.234,50 €", "1234,5"]),
    ("fr_FR", ["1 234,5", "31/12/2026", "31 décembre 2026", "5 €"],
     [1234.5, 46387, 46387, 5], ["1\u202f234,50", "31/12/2026", "31 décembre 2026", "5 €"]),
    ("en_GB", ["1,234.5", "31/12/2026", "£5", "31 Dec 2026"],
     [1234.5, 46387, 5, 46387], ["1,234.50", "31/12/2026", "£5", "31 Dec 2026"]),
])
def test_user_entered_reads_the_spreadsheets_locale(writer, locale, typed, unformatted, formatted):  # noqa: F811
    spreadsheet = create(writer, locale)
    values(writer).update(spreadsheetId=spreadsheet, range="A1", valueInputOption="USER_ENTERED",
                          body={"values": [typed]}).execute()
    raw = values(writer).get(spreadsheetId=spreadsheet, range="A1:E1", valueRenderOption="UNFORMATTED_VALUE").execute()
    assert raw["values"] == [unformatted]
    shown = values(writer).get(spreadsheetId=spreadsheet, range="A1:E1").execute()
    assert shown["values"] == [formatted]


def test_changing_the_locale_renders_again(writer):  # noqa: F811
    spreadsheet = create(writer, "de_DE")
    values(writer).update(spreadsheetId=spreadsheet, range="A1", valueInputOption="USER_ENTERED",
                          body={"values": [["1.234,5"]]}).execute()
    writer.spreadsheets().batchUpdate(spreadsheetId=spreadsheet, body={"requests": [
        {"updateSpreadsheetProperties": {"properties": {"locale": "en_US"}, "fields": "locale"}}]}).execute()
    assert values(writer).get(spreadsheetId=spreadsheet, range="A1").execute()["values"] == [["1,234.50"]]
