import DrydockCore
import DrydockHTTP
import EmulatorKit
import FuzzSupport
import GoogleOAuthEmulator

/// Sheets formulas and typed input: each line of the input is one cell of row 1, written with
/// `values.update?valueInputOption=USER_ENTERED` (so `=…` lines are formulas, the others typed values
/// read by the locale) on the default trip sheets, then read back in every render option and through
/// `values:append`; then rows and columns move under the formulas (references rewritten), the sheet is
/// renamed and the locale changes before the cells are typed again (`restructure`). The spreadsheet
/// is reset before each input, so inputs do not pile up.
enum SheetsFormulaFuzzer {
    static let edge = GoogleEdge()
    static let spreadsheet = "/v4/spreadsheets/1TrIpShEeTsHaRbOrChArTeRs2026DrYdOcKdEmO0a"
    /// ledger@ (the `spreadsheets` scope) from the default fixtures.
    static let writerRefreshToken = "1//0grAl8kD5US9iVapHebVMVK9a9zqXzFklt0ecyuUhikugtTaagI2AypljDKco_h7uJLNVJvha-3Db9zIxLFnwIO5C937kOirIsQ8"
    static let authorization: String = {
        do {
            let secrets = try OAuthFixtures.sandboxSecrets(fixturesDirectory: FuzzFixtures.defaultDirectory, baseURL: "http://fuzz.drydock.test")
            let form = FormEncoding.encode([
                ("grant_type", "refresh_token"), ("client_id", secrets.clientID),
                ("client_secret", secrets.clientSecret), ("refresh_token", writerRefreshToken),
            ])
            let response = edge.router.respond(to: HTTPRequest(
                method: "POST", target: "/token", headers: ["Content-Type": "application/x-www-form-urlencoded"], body: Array(form.utf8)))
            guard response.status == 200, let token = (try? JSONValue.parse(response.body))?["access_token"]?.stringValue else {
                fatalError("fuzz setup: the token endpoint answered \(response.status) to the writer refresh token")
            }
            return "Bearer " + token
        } catch {
            fatalError("fuzz setup: \(error)")
        }
    }()

    static func run(_ input: [UInt8]) {
        edge.emulator("sheets").reset()
        let cells = FuzzText.text(input).split(separator: "\n", maxSplits: 25, omittingEmptySubsequences: false).map { JSONValue.string(String($0)) }
        let body = Array(JSONValue.object([("values", .array([.array(cells)]))]).serialized().utf8)
        let headers: HTTPHeaders = ["Authorization": authorization, "Content-Type": "application/json"]
        ResponseOracle.check(edge.send("PUT", "\(spreadsheet)/values/A1?valueInputOption=USER_ENTERED&includeValuesInResponse=true", headers: headers, body: body), "values.update")
        for render in ["FORMATTED_VALUE", "UNFORMATTED_VALUE", "FORMULA"] {
            ResponseOracle.check(edge.send("GET", "\(spreadsheet)/values/A1:Z2?valueRenderOption=\(render)&dateTimeRenderOption=FORMATTED_STRING", headers: headers), "values.get \(render)")
        }
        ResponseOracle.check(edge.send("POST", "\(spreadsheet)/values/A1:append?valueInputOption=USER_ENTERED", headers: headers, body: body), "values.append")
        ResponseOracle.check(edge.send("GET", "\(spreadsheet)?ranges=A1:Z3&includeGridData=true", headers: headers), "spreadsheets.get")
        restructure(input, body: body, headers: headers)
    }

    /// Rows and columns inserted and deleted where the input's first byte says (formulas are rewritten),
    /// the sheet renamed, the locale switched to de_DE, and the same cells typed again in that locale.
    static func restructure(_ input: [UInt8], body: [UInt8], headers: HTTPHeaders) {
        let seed = Int(input.first ?? 0)
        let requests = """
            {"requests": [
              {"insertDimension": {"range": {"sheetId": 0, "dimension": "ROWS", "startIndex": \(seed % 3), "endIndex": \(seed % 3 + 1 + seed / 128)}}},
              {"deleteDimension": {"range": {"sheetId": 0, "dimension": "COLUMNS", "startIndex": \(seed % 5), "endIndex": \(seed % 5 + 1)}}},
              {"deleteDimension": {"range": {"sheetId": 0, "dimension": "ROWS", "startIndex": \(seed / 64 % 3), "endIndex": \(seed / 64 % 3 + 1)}}},
              {"updateSheetProperties": {"properties": {"sheetId": 0, "title": "Août '\(seed)"}, "fields": "title"}},
              {"updateSpreadsheetProperties": {"properties": {"locale": "\(seed % 2 == 0 ? "de_DE" : "fr_FR")"}, "fields": "locale"}}
            ]}
            """
        ResponseOracle.check(edge.send("POST", "\(spreadsheet):batchUpdate", headers: headers, body: Array(requests.utf8)), "batchUpdate (structure)")
        ResponseOracle.check(edge.send("PUT", "\(spreadsheet)/values/A5?valueInputOption=USER_ENTERED", headers: headers, body: body), "values.update (locale)")
        for render in ["FORMATTED_VALUE", "FORMULA"] {
            ResponseOracle.check(edge.send("GET", "\(spreadsheet)/values/R1C1:R6C26?valueRenderOption=\(render)", headers: headers), "values.get \(render) (after)")
        }
    }
}

@_cdecl("LLVMFuzzerTestOneInput")
public func testOneInput(_ data: UnsafePointer<UInt8>?, _ size: Int) -> CInt {
    SheetsFormulaFuzzer.run(FuzzDriver.bytes(data, size))
    return 0
}

/// The entry point SwiftPM links as `main` (see `FuzzDriver`).
@_cdecl("fuzz_sheets_formula_main")
public func fuzzMain(_ argc: CInt, _ argv: UnsafeMutablePointer<UnsafeMutablePointer<CChar>?>?) -> CInt {
    _ = SheetsFormulaFuzzer.authorization
    return FuzzDriver.run(argc: argc, argv: argv, testOneInput)
}
