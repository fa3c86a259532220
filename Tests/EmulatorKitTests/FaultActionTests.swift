import DrydockCore
import DrydockHTTP
import EmulatorKit
import Testing

@Suite struct FaultActionTests {
    let realBody = FakeEmulator.body(service: "oauth", operation: "token").bytes

    @Test func statusAnswersWithTheServicesOwnErrorAndRetryAfter() throws {
        let edge = TestEdge()
        edge.addRule(#"{"action": {"type": "status", "status": 503, "retryAfter": 2}}"#)
        let response = edge.send("POST", "/token")
        #expect(response.status == 503)
        #expect(response.headers["Retry-After"] == "2")
        #expect(try JSONValue.parse(response.body)["error"]?["status"] == "FAKE")
        #expect(try JSONValue.parse(response.body)["error"]?["code"] == 503)
        #expect(edge.oauth.counters.handled == 0)
    }

    @Test func statusWithABodyServesItWithASniffedOrGivenContentTypeAndHeaders() {
        let edge = TestEdge()
        edge.addRule(#"""
            {"rules": [
              {"times": 1, "action": {"type": "status", "status": 429, "body": "{\"error\": \"slow down\"}"}},
              {"times": 1, "action": {"type": "status", "status": 500, "body": "oops"}},
              {"times": 1, "action": {"type": "status", "status": 400, "body": "<x/>", "contentType": "text/xml",
                                      "headers": {"X-Request-Id": "abc"}}}
            ]}
            """#)
        let json = edge.send("POST", "/token")
        #expect(json.status == 429)
        #expect(json.bodyText == #"{"error": "slow down"}"#)
        #expect(json.headers["Content-Type"] == "application/json")
        let text = edge.send("POST", "/token")
        #expect(text.bodyText == "oops")
        #expect(text.headers["Content-Type"] == "text/plain; charset=UTF-8")
        let xml = edge.send("POST", "/token")
        #expect(xml.headers["Content-Type"] == "text/xml")
        #expect(xml.headers["X-Request-Id"] == "abc")
        #expect(edge.oauth.counters.handled == 0)
    }

    @Test func latencySleepsThroughTheInjectedSleeperThenProceeds() {
        let edge = TestEdge()
        edge.addRule(#"{"action": {"type": "latency", "ms": 250}}"#)
        let response = edge.send("POST", "/token")
        #expect(response.status == 200)
        #expect(response.body == realBody)
        #expect(edge.sleeps.all == [250])
        #expect(edge.oauth.counters.handled == 1)
    }

    @Test func latencyWithTheSystemSleeperReallyWaitsAndIsJournaled() throws {
        let edge = TestEdge(sleeper: .system)
        edge.addRule(#"{"action": {"type": "latency", "ms": 5}}"#)
        #expect(edge.send("POST", "/token").status == 200)
        let latency = try #require(edge.journal.first?["latencyMs"]?.doubleValue)
        #expect(latency >= 5)
    }

    @Test func malformedTruncatedJSONCutsTheRealBodyInHalf() {
        let edge = TestEdge()
        edge.addRule(#"{"action": {"type": "malformed", "kind": "truncated-json"}}"#)
        let response = edge.send("POST", "/token")
        #expect(response.status == 200)
        #expect(response.headers["Content-Type"]?.hasPrefix("application/json") == true)
        #expect(response.body == Array(realBody.prefix(realBody.count / 2)))
        #expect((try? JSONValue.parse(response.body)) == nil)
    }

    @Test func malformedHTMLIsAProxys502PageWithoutTheEmulator() {
        let edge = TestEdge()
        edge.addRule(#"{"action": {"type": "malformed", "kind": "html"}}"#)
        let response = edge.send("POST", "/token")
        #expect(response.status == 502)
        #expect(response.headers["Content-Type"] == "text/html")
        #expect(response.bodyText.contains("<title>502 Bad Gateway</title>"))
        #expect(edge.oauth.counters.handled == 0)
    }

    @Test func malformedEmptyIs200WithNoBody() {
        let edge = TestEdge()
        edge.addRule(#"{"action": {"type": "malformed", "kind": "empty"}}"#)
        let response = edge.send("POST", "/token")
        #expect(response.status == 200)
        #expect(response.body.isEmpty)
        #expect(edge.oauth.counters.handled == 1)
    }

    @Test func malformedWrongContentTypeLabelsTheRealBodyHTML() {
        let edge = TestEdge()
        edge.addRule(#"{"action": {"type": "malformed", "kind": "wrong-content-type"}}"#)
        let response = edge.send("POST", "/token")
        #expect(response.status == 200)
        #expect(response.body == realBody)
        #expect(response.headers["Content-Type"]?.hasPrefix("text/html") == true)
    }

    @Test func resetDeliversAResetWithoutTheEmulatorUnlessAfterHandling() throws {
        let edge = TestEdge()
        edge.addRule(#"""
            {"rules": [{"times": 1, "action": {"type": "reset"}},
            {"times": 1, "action": {"type": "reset", "afterHandling": true}}]}
            """#)
        #expect(edge.send("POST", "/token").delivery == .reset)
        #expect(edge.oauth.counters.handled == 0)
        #expect(edge.send("POST", "/token").delivery == .reset)
        #expect(edge.oauth.counters.handled == 1)
        let entry = try #require(edge.journal.first)
        #expect(entry["status"] == .null)
        #expect(entry["delivery"] == "reset")
    }

    @Test func closeMidBodyDeliversHalfOrTheGivenBytesOfTheRealResponse() {
        let edge = TestEdge()
        edge.addRule(#"""
            {"rules": [{"times": 1, "action": {"type": "close-mid-body"}},
            {"times": 1, "action": {"type": "close-mid-body", "bytes": 3}},
            {"times": 1, "action": {"type": "close-mid-body", "bytes": 100000}}]}
            """#)
        let half = edge.send("POST", "/token")
        #expect(half.status == 200)
        #expect(half.body == realBody)
        #expect(half.delivery == .closeMidBody(bytes: realBody.count / 2))
        #expect(edge.send("POST", "/token").delivery == .closeMidBody(bytes: 3))
        #expect(edge.send("POST", "/token").delivery == .closeMidBody(bytes: realBody.count))
        #expect(edge.journal.first?["delivery"] == "close-mid-body")
    }

    @Test func hangNeverAnswers() throws {
        let edge = TestEdge()
        edge.addRule(#"{"action": {"type": "hang"}}"#)
        #expect(edge.send("POST", "/token").delivery == .hang)
        #expect(edge.oauth.counters.handled == 0)
        #expect(try #require(edge.journal.first)["delivery"] == "hang")
    }

    @Test func expireTokensExpiresEveryEmulatorsTokensThenProceeds() {
        let edge = TestEdge()
        edge.addRule(#"{"service": "gmail", "times": 1, "action": {"type": "expire-tokens"}}"#)
        let response = edge.send("GET", "/gmail/v1/users.messages.list")
        #expect(response.status == 200)
        #expect(edge.gmail.counters.handled == 1)
        #expect(edge.oauth.counters.expirations == 1)
        #expect(edge.gmail.counters.expirations == 1)
    }

    @Test func faultsBuiltInSwiftBehaveLikeTheirJSON() throws {
        let edge = TestEdge()
        let stored = try edge.router.addFaultRule(FaultRule(service: "oauth", times: 1, action: .status(503, retryAfter: 1)))
        #expect(stored.id == "r1")
        #expect(stored.rule.json["action"] == ["type": "status", "status": 503, "retryAfter": 1])
        #expect(edge.send("POST", "/token").status == 503)
        #expect(edge.send("POST", "/token").status == 200)
        #expect(throws: JSONInputError.self) {
            try edge.router.addFaultRule(FaultRule(action: .status(99)))
        }
        for interim in [100, 101, 199] {
            #expect(throws: JSONInputError(path: "action.status", reason: "expected an integer 200-599")) {
                try edge.router.addFaultRule(FaultRule(action: .status(interim)))
            }
        }
        #expect(edge.router.faultRules.count == 1, "only the 503 rule was stored")
    }
}
