import DrydockCore
import DrydockHTTP
import DrydockTesting
import Foundation

/// `spreadsheets.values.get` of a whole 1,000 × 10 sheet, formatted.
///
/// A temporary fixture set (`oauth/` from the default set, `sheets/<id>/` from `SyntheticSpreadsheet`) is
/// loaded by an in-process live harness. One `POST /token`, then `requests` sequential
/// `GET /v4/spreadsheets/{id}/values/Trips!A1:J1000?valueRenderOption=FORMATTED_VALUE` from one
/// keep-alive client. The first answer is parsed and checked in full (range, 1,000 rows of 10 cells, a
/// formatted date, currency, percent and formula value); every later answer must be 200 and byte for byte
/// the same (one `memcmp`, a few microseconds: a row count by byte scan cost 0.35 ms, a quarter of the request).
enum SheetsValuesBenchmark {
    static let rows = 1_000

    static func run(requests: Int, warmup: Int) throws -> RequestRotation.Result {
        let fixtures = try BenchFixtureSet("bench-sheets")
        defer { fixtures.remove() }
        try SyntheticSpreadsheet.write(into: fixtures, rows: rows)
        let harness = try EmulatorHarness(.live, fixturesDirectory: fixtures.path)
        defer { harness.stop() }
        let client = HTTPClient(configuration: .init(connectTimeout: 2, totalTimeout: 10))
        let authorization = "Bearer " + (try AccessToken.fetch(secretsDirectory: harness.secretsDirectory, client: client))
        let range = "\(SyntheticSpreadsheet.sheet)!A1:J\(rows)"
        let request = ClientRequest(
            method: "GET",
            url: harness.baseURL + "/v4/spreadsheets/\(SyntheticSpreadsheet.id)/values/\(PercentEncoding.encode(range))?valueRenderOption=FORMATTED_VALUE",
            headers: ["Authorization": authorization])
        let probe = try client.send(request)
        if probe.status == 404 {
            throw BenchError("GET \(request.url) answered 404: the Sheets emulator does not serve values.get in this build")
        }
        try checkFully(probe, range: range)
        let expected = probe.body
        let kind = RequestRotation.Kind(name: "values.get \(range)", request: request) { response in
            guard sameBytes(response.body, expected) else {
                throw BenchError("answer differs from the checked one (\(response.body.count) bytes, not \(expected.count))")
            }
        }
        let result = try RequestRotation(kinds: [kind]).run(client: client, requests: requests, warmup: warmup)
        progress("sheets-values: \(Format.count(result.requestsPerSecond)) req/s, p50 \(Format.ms(result.latency.median)), "
            + "p99 \(Format.ms(result.latency.percentile(0.99))) (\(probe.body.count) bytes per answer)")
        return result
    }

    /// The whole answer parsed: range, 1,000 rows of 10 cells, and one row's formatted cells.
    private static func checkFully(_ response: HTTPResponse, range: String) throws {
        guard response.status == 200, let json = try? JSONValue.parse(response.body) else {
            throw BenchError("values.get answered \(response.status): \(response.bodyText.prefix(300))")
        }
        guard let values = json["values"]?.arrayValue, values.count == rows,
              values.allSatisfy({ $0.arrayValue?.count == SyntheticSpreadsheet.columns }) else {
            throw BenchError("values.get: expected \(rows) rows of \(SyntheticSpreadsheet.columns) cells: \(response.bodyText.prefix(300))")
        }
        guard json["range"]?.stringValue == range else {
            throw BenchError("values.get: range \(json["range"]?.serialized() ?? "none"), expected \(range)")
        }
        let row = values[1].arrayValue?.compactMap(\.stringValue) ?? []
        progress("sheets-values: row 2 = \(row)")
        guard row.count == 10, row[0].contains(", 2026"), row[6].hasPrefix("$"), row[8].hasSuffix("%"), row[9].hasPrefix("$") else {
            throw BenchError("values.get: row 2 is not formatted as the fixture asks: \(row)")
        }
    }
}

/// Whether two bodies hold the same bytes (`memcmp`, not an element-by-element loop).
private func sameBytes(_ a: [UInt8], _ b: [UInt8]) -> Bool {
    a.count == b.count && (a.isEmpty || a.withUnsafeBytes { x in b.withUnsafeBytes { y in memcmp(x.baseAddress!, y.baseAddress!, a.count) == 0 } })
}

extension SheetsValuesBenchmark {
    static func rows(_ result: RequestRotation.Result) -> [BenchRow] {
        [
            BenchRow(
                measurement: "Sheets values.get: \(Format.count(Double(result.requests))) × `\(SyntheticSpreadsheet.sheet)!A1:J\(rows)` "
                    + "(\(Format.count(Double(rows))) rows × \(SyntheticSpreadsheet.columns) columns, FORMATTED_VALUE: dates, currency, percent, a formula per row), "
                    + "1 keep-alive client; req/s, p50 / p99",
                drydock: "\(Format.count(result.requestsPerSecond)) req/s; \(Format.ms(result.latency.median)) / \(Format.ms(result.latency.percentile(0.99)))",
                target: "p50 ≤ 2 ms", peer: "no peer emulates Gmail/Sheets", met: result.latency.median <= 2),
        ]
    }
}
