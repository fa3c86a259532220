/// The spreadsheet most tests read: a small trip log with dates, currency, percentages, a formula
/// column, a quoted-name sheet and an empty sheet.
enum TripSheet {
    static let id = "1TestTripSheet_abc-123"

    static let json = #"""
    {"title": "Trip Log", "locale": "en_US", "timeZone": "America/Los_Angeles",
     "sheets": [
       {"title": "August", "file": "August.csv", "sheetId": 0, "rowCount": 1000, "columnCount": 26,
        "frozenRowCount": 1,
        "formats": {"A2:A": {"type": "DATE", "pattern": "yyyy-mm-dd"},
                    "D2:E": {"type": "CURRENCY", "pattern": "\"$\"#,##0.00"},
                    "F2:F": {"type": "PERCENT", "pattern": "0%"},
                    "G2:G": {"type": "CURRENCY"}},
        "formulas": {"G2": "=D2-E2", "G3": "=D3-E3", "G4": "=D4-E4"}},
       {"title": "Captain's Notes", "file": "notes.csv", "sheetId": 42, "rowCount": 50, "columnCount": 5},
       {"title": "Empty", "sheetId": 7, "rowCount": 20, "columnCount": 4}
     ]}
    """#

    /// Row 5 is blank, row 6 has a value only in C; column H is past the formats.
    static let august = #"""
    Date,Boat,Skipper,Fare,Fuel,Tip,Net
    2026-08-14,Osprey,"Reyes, Ana",1250,310.5,0.15,939.5
    2026-08-15,Heron,Kim,980.25,1200,0.1,-219.75
    2026-08-16 09:30,Tern,"Said ""Sal""",0,0,FALSE,0
    ,,,,,,
    ,,"multi
    line",,,,
    """#

    static let notes = """
    Note,When
    Check the bilge,2026-08-01
    """

    static var files: [String: String] { ["August.csv": august, "notes.csv": notes, "Empty.csv": ""] }

    static func fixtures() throws -> FixtureSet {
        try FixtureSet([id: (json, files)])
    }
}
