import DrydockHTTP
import FuzzSupport

/// Sheets A1 notation and read options: `GET /v4/spreadsheets/{id}/values/{range}?{options}` on the
/// default trip sheets. The first line of the input is the range (every byte percent-encoded into the
/// path segment); a second line, when present, is appended as the query string as it is
/// (`majorDimension=COLUMNS&valueRenderOption=FORMULA`, …). The same range is also read through
/// `values:batchGet` and `spreadsheets.get?ranges=`.
enum SheetsRangeFuzzer {
    static let edge = GoogleEdge()
    static let spreadsheet = "/v4/spreadsheets/1TrIpShEeTsHaRbOrChArTeRs2026DrYdOcKdEmO0a"

    static func run(_ input: [UInt8]) {
        let (range, options) = FuzzText.firstLine(input)
        let encoded = FuzzText.percentEncoded(range)
        let query = options.map { "?" + FuzzText.text($0) } ?? ""
        ResponseOracle.check(edge.send("GET", "\(spreadsheet)/values/\(encoded)\(query)"), "values.get")
        ResponseOracle.check(edge.send("GET", "\(spreadsheet)/values:batchGet?ranges=\(encoded)&ranges=A1"), "values.batchGet")
        ResponseOracle.check(edge.send("GET", "\(spreadsheet)?fields=sheets.properties&ranges=\(encoded)"), "spreadsheets.get")
    }
}

@_cdecl("LLVMFuzzerTestOneInput")
public func testOneInput(_ data: UnsafePointer<UInt8>?, _ size: Int) -> CInt {
    SheetsRangeFuzzer.run(FuzzDriver.bytes(data, size))
    return 0
}

/// The entry point SwiftPM links as `main` (see `FuzzDriver`).
@_cdecl("fuzz_sheets_range_main")
public func fuzzMain(_ argc: CInt, _ argv: UnsafeMutablePointer<UnsafeMutablePointer<CChar>?>?) -> CInt {
    _ = SheetsRangeFuzzer.edge
    return FuzzDriver.run(argc: argc, argv: argv, testOneInput)
}
