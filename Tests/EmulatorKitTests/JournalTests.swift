import DrydockCore
import DrydockHTTP
import EmulatorKit
import Testing

@Suite struct JournalTests {
    @Test func recordsEveryRoutedRequestWithItsFields() throws {
        let edge = TestEdge()
        edge.addRule(#"{"service": "gmail", "action": {"type": "status", "status": 429}}"#)
        edge.send("POST", "/token")
        edge.control("POST", "/_drydock/clock/advance", #"{"seconds": 90}"#)
        edge.send("GET", "/gmail/v1/users.messages.list?maxResults=5")
        let entries = edge.journal
        #expect(entries.count == 2)
        let first = entries[0], second = entries[1]
        #expect(first["seq"] == 1)
        #expect(first["time"] == "2027-01-15T08:00:00Z")
        #expect(first["service"] == "oauth")
        #expect(first["operation"] == "token")
        #expect(first["method"] == "POST")
        #expect(first["path"] == "/token")
        #expect(first["status"] == 200)
        #expect(first["delivery"] == "normal")
        #expect(first["fault"] == .null)
        #expect(try #require(first["latencyMs"]?.doubleValue) >= 0)
        #expect(second["seq"] == 2)
        #expect(second["time"] == "2027-01-15T08:01:30Z")
        #expect(second["path"] == "/gmail/v1/users.messages.list?maxResults=5")
        #expect(second["status"] == 429)
        #expect(second["fault"] == ["rule": "r1", "action": "status"])
        #expect(edge.control("GET", "/_drydock/journal").json["lastSeq"] == 2)
    }

    @Test func filtersByServiceOperationAndSince() {
        let edge = TestEdge()
        edge.send("POST", "/token")
        edge.send("GET", "/gmail/v1/users.messages.list")
        edge.send("GET", "/gmail/v1/users.messages.get")
        edge.send("GET", "/gmail/v1/users.getProfile")
        edge.send("GET", "/elsewhere")
        func operations(_ query: String) -> [JSONValue?] {
            (edge.control("GET", "/_drydock/journal?" + query).json["requests"]?.arrayValue ?? []).map { $0["operation"] }
        }
        #expect(operations("service=oauth") == ["token"])
        #expect(operations("service=edge") == ["unknown"])
        #expect(operations("operation=users.messages.get") == ["users.messages.get"])
        #expect(operations("operation=users.messages.*") == ["users.messages.list", "users.messages.get"])
        #expect(operations("service=gmail&since=3") == ["users.getProfile"])
        #expect(operations("since=5") == [])
    }

    @Test func redactsTokenQueryParametersAndNeverStoresBodiesOrHeaders() throws {
        let edge = TestEdge()
        edge.send(
            "POST", "/token?code=c0de&state=keep&access_token=ya29.secret&Refresh_Token=1//r&client_secret=s3&token=t0k&key=AIza",
            headers: ["Authorization": "Bearer ya29.header-secret"], body: "refresh_token=body-secret")
        let entry = try #require(edge.journal.first)
        #expect(entry["path"] == "/token?code=REDACTED&state=keep&access_token=REDACTED&Refresh_Token=REDACTED&client_secret=REDACTED&token=REDACTED&key=REDACTED")
        let everything = edge.control("GET", "/_drydock/journal").json.serialized() + edge.logs.all.joined()
        for secret in ["c0de", "ya29", "1//r", "s3", "t0k", "AIza", "header-secret", "body-secret"] {
            #expect(!everything.contains(secret), "\(secret) leaked")
        }
    }

    @Test func redactionKeepsOtherQueryTextAsSent() {
        #expect(Redaction.target(HTTPRequest(method: "GET", target: "/a%20b?x=1%2B2&flag&access%5Ftoken=z&empty=")) ==
                "/a%20b?x=1%2B2&flag&access%5Ftoken=REDACTED&empty=")
        #expect(Redaction.target(HTTPRequest(method: "GET", target: "/plain")) == "/plain")
    }

    @Test func deletingTheJournalClearsItButSequenceNumbersContinue() {
        let edge = TestEdge()
        edge.send("POST", "/token")
        edge.send("POST", "/token")
        #expect(edge.control("DELETE", "/_drydock/journal") == (200, ["cleared": 2]))
        #expect(edge.journal.isEmpty)
        edge.send("POST", "/token")
        #expect(edge.journal.map { $0["seq"] } == [3])
    }

    @Test func keepsRoughlyTheLastCapacityEntries() {
        let edge = TestEdge(journalCapacity: 20)
        for _ in 0..<100 { edge.send("POST", "/token") }
        let entries = edge.router.journal.entries()
        #expect((18...20).contains(entries.count))
        #expect(entries.last?.sequence == 100)
    }
}
