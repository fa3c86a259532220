import DrydockCore
import DrydockFixtures
import DrydockHTTP
import EmulatorKit
import Emulators
import Testing

/// The edge `drydock emulators serve` builds puts Gmail and Sheets behind Google's conventions: the
/// batch endpoints are routed (they were the edge's own JSON 404), and a fault rule can name `batch`.
@Suite struct EdgeGoogleConventionsTests {
    @Test func batchPathsReachTheGoogleAPIs() throws {
        let router = try EmulatorSuite.makeRouter(fixturesDirectory: DrydockFixtures.defaultDirectory)
        let sheetsPart = "--b\r\nContent-Type: application/http\r\n\r\nGET /v4/spreadsheets/x HTTP/1.1\r\n\r\n--b--\r\n"
        let gmailPart = "--b\r\nContent-Type: application/http\r\n\r\nGET /gmail/v1/users/me/profile HTTP/1.1\r\n\r\n--b--\r\n"
        for (path, body, service) in [("/batch", gmailPart, "gmail"), ("/batch", sheetsPart, "sheets"),
                                      ("/batch/gmail/v1", sheetsPart, "gmail"), ("/batch/sheets/v4", gmailPart, "sheets")] {
            let response = router.respond(to: HTTPRequest(method: "POST", target: path, headers: ["Content-Type": "multipart/mixed; boundary=b"], body: Array(body.utf8)))
            #expect(response.status == 200, "\(path) \(service)")
            #expect(response.headers["Content-Type"]?.hasPrefix("multipart/mixed; boundary=batch_") == true)
            #expect(router.journal.entries().last?.service == service)
            #expect(router.journal.entries().last?.operation == "batch")
        }
        // A GET on a batch path is Google's HTML 404, not the edge's JSON one.
        let get = router.respond(to: HTTPRequest(method: "GET", target: "/batch/gmail/v1"))
        #expect(get.status == 404)
        #expect(get.headers["Content-Type"] == "text/html; charset=UTF-8")
    }

    /// The statuses inside a batch answer, in order.
    static func partStatuses(_ response: HTTPResponse) -> [Int] {
        response.bodyText.components(separatedBy: "\r\nHTTP/1.1 ").dropFirst().compactMap { Int($0.prefix(3)) }
    }

    @Test func faultRulesActOnEachRequestInsideABatchAndTheJournalListsThem() throws {
        let router = try EmulatorSuite.makeRouter(fixturesDirectory: DrydockFixtures.defaultDirectory)
        try router.addFaultRule(FaultRule(service: "gmail", operation: "users.getProfile", times: 1, action: .status(429)))
        let part = "--b\r\nContent-Type: application/http\r\n\r\nGET /gmail/v1/users/me/profile HTTP/1.1\r\n\r\n"
        let body = Array((part + part + "--b--\r\n").utf8)
        let response = router.respond(to: HTTPRequest(method: "POST", target: "/batch/gmail/v1", headers: ["Content-Type": "multipart/mixed; boundary=b"], body: body))
        #expect(response.status == 200)
        // The first call meets the rule (429); the second is Gmail's own answer to a call without a token.
        #expect(Self.partStatuses(response) == [429, 401])
        let entries = router.journal.entries().map { "\($0.operation) \($0.status.map(String.init) ?? "-")" }
        #expect(entries == ["users.getProfile 429", "users.getProfile 401", "batch 200"])
    }

    @Test func aLatencyRuleOnAPartDelaysTheWholeBatch() throws {
        let router = try EmulatorSuite.makeRouter(fixturesDirectory: DrydockFixtures.defaultDirectory)
        try router.addFaultRule(FaultRule(service: "gmail", operation: "users.getProfile", action: .latency(milliseconds: 250)))
        let body = Array("--b\r\nContent-Type: application/http\r\n\r\nGET /gmail/v1/users/me/profile HTTP/1.1\r\n\r\n--b--\r\n".utf8)
        let response = router.respondWithoutWaiting(to: HTTPRequest(method: "POST", target: "/batch/gmail/v1", headers: ["Content-Type": "multipart/mixed; boundary=b"], body: body))
        guard case .deferred(let deferral) = response.delivery else {
            Issue.record("expected a deferred answer, got \(response.delivery)")
            return
        }
        #expect(deferral.delay == .milliseconds(250))
    }

    @Test func partsAreNeverCompressedInsideTheBatch() throws {
        let router = try EmulatorSuite.makeRouter(fixturesDirectory: DrydockFixtures.defaultDirectory)
        // google-api-python-client writes its Accept-Encoding and "(gzip)" User-Agent into every part.
        let body = Array("--b\r\nContent-Type: application/http\r\n\r\nGET /gmail/v1/users/me/profile HTTP/1.1\r\naccept-encoding: gzip, deflate\r\nuser-agent: x (gzip)\r\n\r\n--b--\r\n".utf8)
        let headers: HTTPHeaders = ["Content-Type": "multipart/mixed; boundary=b", "Accept-Encoding": "gzip", "User-Agent": "x (gzip)"]
        let response = router.respond(to: HTTPRequest(method: "POST", target: "/batch/gmail/v1", headers: headers, body: body))
        #expect(response.headers["Content-Encoding"] == "gzip")  // the batch answer as a whole is
        let text = String(decoding: try Zlib.inflate(response.body, maximumBytes: 1 << 20).get(), as: UTF8.self)
        #expect(!text.contains("Content-Encoding"))
        #expect(text.contains("\"code\": 401"))
    }
}
