import DrydockCore
import EmulatorKit
import Foundation

/// Loads `<fixtures>/sheets/<spreadsheetId>/spreadsheet.json` and the CSV files it names:
///
/// ```json
/// {"title": "Captains' Trip Sheets 2026", "locale": "en_US", "timeZone": "America/Los_Angeles",
///  "sheets": [{"title": "August", "file": "August.csv", …}]}
/// ```
///
/// `locale` defaults to `en_US`, `timeZone` to `Etc/GMT`. Sheet titles must be unique ignoring case,
/// as in Sheets; so must sheet ids. CSV cells are read as typed (see `CellInput`). Every error names the
/// file and where in it: JSON syntax by line and column, fields by path, CSV cells by line and column.
enum SpreadsheetFixtures {
    static let fields = ["title", "locale", "timeZone", "sheets", "description"]

    /// `<fixturesDirectory>/sheets`.
    static func directory(in fixturesDirectory: String) -> String {
        (fixturesDirectory.hasSuffix("/") ? String(fixturesDirectory.dropLast()) : fixturesDirectory) + "/sheets"
    }

    /// Every spreadsheet under `<fixturesDirectory>/sheets/`; none when that directory is absent. Files
    /// directly in `sheets/` (a README) are ignored; each subdirectory must hold a `spreadsheet.json`.
    static func load(fixturesDirectory: String) throws(FixtureError) -> [Spreadsheet] {
        let root = directory(in: fixturesDirectory)
        var isDirectory: ObjCBool = false
        guard FileManager.default.fileExists(atPath: root, isDirectory: &isDirectory), isDirectory.boolValue else { return [] }
        let names: [String]
        do {
            names = try FileManager.default.contentsOfDirectory(atPath: root).sorted()
        } catch {
            throw FixtureError(path: root, reason: "cannot be listed: \(error.localizedDescription)")
        }
        var spreadsheets: [Spreadsheet] = []
        for name in names where !name.hasPrefix(".") {
            let path = root + "/" + name
            guard FileManager.default.fileExists(atPath: path, isDirectory: &isDirectory), isDirectory.boolValue else { continue }
            guard !name.isEmpty, name.utf8.allSatisfy({ isIDByte($0) }) else {
                throw FixtureError(path: path, reason: "a spreadsheet id may hold only letters, digits, - and _")
            }
            spreadsheets.append(try load(id: name, directory: path))
        }
        return spreadsheets
    }

    /// Loads one spreadsheet from `directory/spreadsheet.json`.
    static func load(id: String, directory: String) throws(FixtureError) -> Spreadsheet {
        let file = directory + "/spreadsheet.json"
        let root = try FixtureObject(try FixtureFile.loadJSON(file), file: file, path: "")
        try root.rejectUnknown(fields)
        let title = try root.string("title", required: true)!
        let locale = try root.string("locale") ?? "en_US"
        let timeZone = try root.string("timeZone") ?? "Etc/GMT"
        guard let items = root.value("sheets")?.arrayValue, !items.isEmpty else {
            throw root.error("sheets", "required: a non-empty array of sheets")
        }
        var sheets: [Sheet] = []
        for (index, item) in items.enumerated() {
            let object = try FixtureObject(item, file: file, path: "sheets[\(index)]")
            let sheet = try SheetFixture.load(object, index: index, directory: directory)
            if let clash = sheets.first(where: { $0.title.lowercased() == sheet.title.lowercased() }) {
                throw object.error("title", "\"\(sheet.title)\" is already the title of sheets[\(clash.index)] (titles are unique ignoring case)")
            }
            if let clash = sheets.first(where: { $0.sheetId == sheet.sheetId }) {
                throw object.error("sheetId", "\(sheet.sheetId) is already the id of sheets[\(clash.index)]")
            }
            sheets.append(sheet)
        }
        var spreadsheet = Spreadsheet(id: id, title: title, locale: locale, timeZone: timeZone, sheets: sheets)
        if spreadsheet.localeRules != .enUS { spreadsheet.relocalize() }
        return spreadsheet
    }

    private static func isIDByte(_ byte: UInt8) -> Bool {
        switch byte {
        case UInt8(ascii: "A")...UInt8(ascii: "Z"), UInt8(ascii: "a")...UInt8(ascii: "z"),
             UInt8(ascii: "0")...UInt8(ascii: "9"), UInt8(ascii: "-"), UInt8(ascii: "_"):
            return true
        default:
            return false
        }
    }
}
