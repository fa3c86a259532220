import DrydockCore
import DrydockHTTP
import DrydockTesting
import Foundation

/// Sheets writes on the synthetic 1,000-row `Trips` sheet, in-process live server, one keep-alive client
/// holding a token for the fixture's read-write account (ledger@: the `spreadsheets` scope):
///
/// - `values.append` throughput: `appends` sequential `POST …/values/Trips!A1:append?valueInputOption=USER_ENTERED`
///   of one 10-cell row (a date, text, numbers and a `=G…-H…` formula), each finding the table below the last.
/// - A 1,000 × 26 `values.update` with USER_ENTERED: every row typed values (dates, currency, percentages,
///   numbers) and 6 formula columns reading the row and the column above (`=SUM(A2:E2)`, `=W1+1`, …), so
///   the write parses 26,000 cells and recalculates 6,000 formulas in dependency order; timed `updates` times.
enum SheetsWritesBenchmark {
    static let writerRefreshToken = "1//0grAl8kD5US9iVapHebVMVK9a9zqXzFklt0ecyuUhikugtTaagI2AypljDKco_h7uJLNVJvha-3Db9zIxLFnwIO5C937kOirIsQ8"

    struct Result {
        let append: RequestRotation.Result
        /// values.update 1,000 × 26, ms per request.
        let update: Samples
        let updateBytes: Int
    }

    static func run(appends: Int, updates: Int, warmup: Int) throws -> Result {
        let fixtures = try BenchFixtureSet("bench-sheets-writes")
        defer { fixtures.remove() }
        try SyntheticSpreadsheet.write(into: fixtures, rows: 1_000)
        let harness = try EmulatorHarness(.live, fixturesDirectory: fixtures.path)
        defer { harness.stop() }
        let client = HTTPClient(configuration: .init(connectTimeout: 2, totalTimeout: 60))
        let credentials = try SandboxCredentials(secretsDirectory: harness.secretsDirectory)
        let tokenBody = FormEncoding.encode([
            ("grant_type", "refresh_token"), ("client_id", credentials.clientID), ("client_secret", credentials.clientSecret),
            ("refresh_token", writerRefreshToken),
        ])
        let tokenResponse = try client.send(ClientRequest(
            method: "POST", url: credentials.tokenURI, headers: ["Content-Type": "application/x-www-form-urlencoded"], body: Array(tokenBody.utf8)))
        guard tokenResponse.status == 200, let token = (try? JSONValue.parse(tokenResponse.body))?["access_token"]?.stringValue else {
            throw BenchError("POST /token for the writer answered \(tokenResponse.status): \(tokenResponse.bodyText.prefix(300))")
        }
        let headers: HTTPHeaders = ["Authorization": "Bearer " + token, "Content-Type": "application/json"]
        let base = harness.baseURL + "/v4/spreadsheets/\(SyntheticSpreadsheet.id)/values/"

        let row: JSONValue = [["2026-12-31", "HC-2026-9999", "Osprey", "Eli Brooks", "Bench Guest", "6", "$1,250.00", "210.5", "15%", "=G1001-H1001"]]
        let appendRequest = ClientRequest(
            method: "POST", url: base + PercentEncoding.encode("Trips!A1") + ":append?valueInputOption=USER_ENTERED",
            headers: headers, body: Array(JSONValue.object([("values", row)]).serialized().utf8))
        let appendKind = RequestRotation.Kind(name: "values.append", request: appendRequest) { response in
            guard response.status == 200 else { throw BenchError("values.append answered \(response.status): \(response.bodyText.prefix(300))") }
        }
        let append = try RequestRotation(kinds: [appendKind]).run(client: client, requests: appends, warmup: warmup)
        progress("sheets-writes: values.append \(Format.count(append.requestsPerSecond)) req/s, p50 \(Format.ms(append.latency.median)), p99 \(Format.ms(append.latency.percentile(0.99)))")

        let grid = updateGrid()
        let updateRequest = ClientRequest(
            method: "PUT", url: base + PercentEncoding.encode("Trips!A1:Z1000") + "?valueInputOption=USER_ENTERED",
            headers: headers, body: Array(JSONValue.object([("values", grid)]).serialized().utf8))
        let probe = try client.send(updateRequest)
        guard probe.status == 200, (try? JSONValue.parse(probe.body))?["updatedCells"] == .number(26_000) else {
            throw BenchError("values.update answered \(probe.status): \(probe.bodyText.prefix(300))")
        }
        try checkFormulas(client: client, base: base, headers: headers)
        var samples: [Double] = []
        for _ in 0..<updates {
            let sent = Monotonic.now()
            let response = try client.send(updateRequest)
            samples.append(Monotonic.milliseconds(since: sent))
            guard response.status == 200 else { throw BenchError("values.update answered \(response.status)") }
        }
        let update = Samples(samples)
        progress("sheets-writes: values.update 1,000 × 26 p50 \(Format.ms(update.median)) (\(updateRequest.body.count) bytes)")
        return Result(append: append, update: update, updateBytes: updateRequest.body.count)
    }

    /// 1,000 rows × 26 columns: A-T typed values, U-Z formulas.
    static func updateGrid() -> JSONValue {
        var rows: [JSONValue] = []
        for row in 1...1_000 {
            var cells: [JSONValue] = []
            for column in 0..<20 {
                switch column % 5 {
                case 0: cells.append(.string("\(row % 12 + 1)/\(row % 28 + 1)/2026"))
                case 1: cells.append(.string("$\(row * 3 + column).50"))
                case 2: cells.append(.string("\(row % 100)%"))
                case 3: cells.append(.string(String(row * 7 + column)))
                default: cells.append(.string("text \(row)-\(column)"))
                }
            }
            let above = max(row - 1, 1)
            cells.append(.string("=SUM(A\(row):E\(row))"))
            cells.append(.string("=B\(row)*C\(row)"))
            cells.append(.string(row == 1 ? "=1" : "=W\(above)+1"))
            cells.append(.string("=IF(D\(row)>3000,\"big\",\"small\")"))
            cells.append(.string("=ROUND(U\(row)/7,2)"))
            cells.append(.string("=CONCATENATE(E\(row),\" \",X\(row))"))
            rows.append(.array(cells))
        }
        return .array(rows)
    }

    /// W1000 counts the chain down the column (=V…+1): 1,000 when every formula was recalculated in order.
    private static func checkFormulas(client: HTTPClient, base: String, headers: HTTPHeaders) throws {
        let response = try client.send(ClientRequest(
            method: "GET", url: base + PercentEncoding.encode("Trips!W1000") + "?valueRenderOption=UNFORMATTED_VALUE", headers: headers))
        guard response.status == 200, (try? JSONValue.parse(response.body))?["values"] == [[1000]] else {
            throw BenchError("Trips!W1000 after the update: \(response.bodyText.prefix(300))")
        }
    }

    static func rows(_ result: Result) -> [BenchRow] {
        [
            BenchRow(
                measurement: "Sheets values.append: \(Format.count(Double(result.append.requests))) × one 10-cell USER_ENTERED row (a formula) on a 1,000-row sheet, 1 keep-alive client; req/s, p50 / p99",
                drydock: "\(Format.count(result.append.requestsPerSecond)) req/s; \(Format.ms(result.append.latency.median)) / \(Format.ms(result.append.latency.percentile(0.99)))",
                target: "—", peer: "no peer emulates Gmail/Sheets"),
            BenchRow(
                measurement: "Sheets values.update 1,000 × 26 USER_ENTERED (\(result.updateBytes / 1024) KB: dates, currency, percentages, 6,000 formulas recalculated); p50 / max of \(result.update.count)",
                drydock: "\(Format.ms(result.update.median)) / \(Format.ms(result.update.max))",
                target: "—", peer: "no peer emulates Gmail/Sheets"),
        ]
    }
}
