import DrydockCore
import DrydockHTTP
import DrydockTesting
import Foundation
import Testing

/// The Sheets emulator behind the edge router, in-process and on a real socket: token from the OAuth
/// emulator, reads through the transport, faults and the journal by Google method id.
@Suite struct LiveTests {
    static func withSheets<T>(_ mode: EmulatorHarness.Mode, _ body: (EmulatorHarness) throws -> T) throws -> T {
        let set = try TripSheet.fixtures()
        defer { set.remove() }
        return try withEmulators(mode, fixturesDirectory: set.path, body)
    }

    static func token(_ harness: EmulatorHarness) throws -> String {
        let form = FormEncoding.encode([
            ("grant_type", "refresh_token"), ("client_id", "1234567890-drydockdemo.apps.googleusercontent.com"),
            ("client_secret", "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"), ("refresh_token", Tokens.sheetsReader),
        ])
        let response = try harness.transport.send(ClientRequest(
            method: "POST", url: harness.baseURL + "/token",
            headers: ["Content-Type": "application/x-www-form-urlencoded"], body: Array(form.utf8)))
        guard let token = try JSONValue.parse(response.bodyText)["access_token"]?.stringValue else {
            throw HarnessError("no token: \(response.bodyText)")
        }
        return token
    }

    @Test(arguments: EmulatorHarness.Mode.allCases)
    func readsThroughTheEdge(mode: EmulatorHarness.Mode) throws {
        try Self.withSheets(mode) { harness in
            let token = try Self.token(harness)
            let endpoint = try #require(harness.environment.values["SHEETS_API_ENDPOINT"])
            let url = endpoint + "/v4/spreadsheets/\(TripSheet.id)/values/%27Captain%27%27s%20Notes%27%21A1%3AB2"
            let response = try harness.transport.send(ClientRequest(method: "GET", url: url, headers: ["Authorization": "Bearer " + token]))
            #expect(response.status == 200)
            #expect(try JSONValue.parse(response.bodyText) == [
                "range": "'Captain''s Notes'!A1:B2", "majorDimension": "ROWS",
                "values": [["Note", "When"], ["Check the bilge", "2026-08-01"]],
            ])
            let journal = harness.journal(service: "sheets")
            #expect(journal.last?["operation"] == "spreadsheets.values.get")
        }
    }

    @Test(arguments: EmulatorHarness.Mode.allCases)
    func injected429IsTheSheetsQuotaError(mode: EmulatorHarness.Mode) throws {
        try Self.withSheets(mode) { harness in
            try harness.addFault(#"{"service": "sheets", "operation": "spreadsheets.values.*", "times": 1, "action": {"type": "status", "status": 429}}"#)
            let token = try Self.token(harness)
            let url = harness.baseURL + "/v4/spreadsheets/\(TripSheet.id)/values:batchGet?ranges=August!A1"
            let first = try harness.transport.send(ClientRequest(method: "GET", url: url, headers: ["Authorization": "Bearer " + token]))
            #expect(first.status == 429)
            let error = try JSONValue.parse(first.bodyText)["error"]
            #expect(error?["status"] == "RESOURCE_EXHAUSTED")
            #expect(error?["details"]?.arrayValue?.first?["reason"] == "RATE_LIMIT_EXCEEDED")
            let second = try harness.transport.send(ClientRequest(method: "GET", url: url, headers: ["Authorization": "Bearer " + token]))
            #expect(second.status == 200)
        }
    }

    @Test func faultRulesWithATypoedOperationAreRejected() throws {
        try Self.withSheets(.inProcess) { harness in
            #expect(throws: HarnessError.self) {
                try harness.addFault(#"{"service": "sheets", "operation": "spreadsheets.value.get", "action": {"type": "status", "status": 500}}"#)
            }
        }
    }
}
