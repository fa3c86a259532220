import DrydockCore
import DrydockHTTP
import EmulatorKit
import Testing

@Suite struct RoutingTests {
    @Test func routesEachRequestToTheEmulatorThatClaimsIt() throws {
        let edge = TestEdge()
        let token = edge.send("POST", "/token")
        let list = edge.send("GET", "/gmail/v1/users/me/users.messages.list")
        #expect(token.status == 200)
        #expect(token.headers["X-Emulator"] == "oauth")
        #expect(list.headers["X-Emulator"] == "gmail")
        #expect(try JSONValue.parse(list.body)["operation"] == "users.messages.list")
        #expect(edge.oauth.counters.handled == 1)
        #expect(edge.gmail.counters.handled == 1)
    }

    @Test func theFirstClaimingEmulatorWins() {
        let first = FakeEmulator(service: "oauth", prefix: "/")
        let second = FakeEmulator(service: "gmail", prefix: "/gmail/")
        let router = EdgeRouter(emulators: [first, second], clock: VirtualClock(base: ManualClock()))
        let response = router.respond(to: HTTPRequest(method: "GET", target: "/gmail/x"))
        #expect(response.headers["X-Emulator"] == "oauth")
        #expect(second.counters.handled == 0)
    }

    @Test func unclaimedRequestsGetA404JSONErrorJournaledAsEdge() throws {
        let edge = TestEdge()
        let response = edge.send("DELETE", "/nowhere/at%20all?x=1")
        #expect(response.status == 404)
        #expect(response.headers["Content-Type"] == "application/json")
        #expect(try JSONValue.parse(response.body) == ["error": "no emulator handles DELETE /nowhere/at all"])
        let entry = try #require(edge.journal.first)
        #expect(entry["service"] == "edge")
        #expect(entry["status"] == 404)
        #expect(edge.oauth.counters.handled + edge.gmail.counters.handled == 0)
    }

    @Test func unclaimedRequestsAreNeverFaulted() {
        let edge = TestEdge()
        edge.addRule(#"{"path": "*", "action": {"type": "status", "status": 503}}"#)
        #expect(edge.send("GET", "/nowhere").status == 404)
    }

    @Test func logsOneLinePerRequestIncludingControlRequests() {
        let edge = TestEdge()
        edge.addRule(#"{"service": "oauth", "times": 1, "action": {"type": "status", "status": 503}}"#)
        edge.send("POST", "/token?code=secret-code")
        edge.send("GET", "/gmail/v1/x")
        edge.send("GET", "/missing")
        let lines = edge.logs.all
        #expect(lines.count == 4)
        #expect(lines[0].hasPrefix("2027-01-15T08:00:00Z _drydock control POST /_drydock/faults 201 "))
        #expect(lines[1].hasPrefix("2027-01-15T08:00:00Z oauth token POST /token?code=REDACTED 503 "))
        #expect(lines[1].hasSuffix("ms fault=r1:status"))
        #expect(lines[2].hasPrefix("2027-01-15T08:00:00Z gmail x GET /gmail/v1/x 200 "))
        #expect(lines[2].hasSuffix("ms fault=-"))
        #expect(lines[3].contains(" edge unknown GET /missing 404 "))
        #expect(!lines.joined().contains("secret-code"))
    }

    @Test func inProcessTransportTurnsInjectedDeliveriesIntoClientErrors() throws {
        let edge = TestEdge()
        edge.addRule(#"{"times": 1, "action": {"type": "reset"}}"#)
        let transport = InProcessTransport(edge.router)
        let error = #expect(throws: HTTPClientError.self) {
            try transport.send(ClientRequest(method: "POST", url: "http://127.0.0.1:1/token"))
        }
        #expect(error?.code == .connectionReset)
        #expect(try transport.send(ClientRequest(method: "POST", url: "http://127.0.0.1:1/token")).status == 200)
    }
}

@Suite struct EndpointVariableTests {
    @Test func collectsEveryEmulatorsVariablesWithoutATrailingSlash() {
        let edge = TestEdge()
        let variables = edge.router.endpointVariables(baseURL: "http://127.0.0.1:8080/")
        #expect(variables.map(\.name) == ["FAKE_OAUTH_URL", "FAKE_GMAIL_URL"])
        #expect(variables.map(\.value) == ["http://127.0.0.1:8080/token", "http://127.0.0.1:8080/gmail/"])
    }

    @Test func exportLinesQuoteValuesForTheShell() {
        let edge = TestEdge()
        #expect(edge.router.exportLines(baseURL: "http://h:1/it's") == [
            "export FAKE_OAUTH_URL='http://h:1/it'\\''s/token'",
            "export FAKE_GMAIL_URL='http://h:1/it'\\''s/gmail/'",
        ])
    }

    @Test func aVariableTwoEmulatorsSetKeepsTheFirstValue() {
        let router = EdgeRouter(
            emulators: [FakeEmulator(service: "oauth", prefix: "/a"), FakeEmulator(service: "oauth", prefix: "/b")],
            clock: VirtualClock(base: ManualClock()))
        #expect(router.exportLines(baseURL: "http://h") == ["export FAKE_OAUTH_URL='http://h/a'"])
    }
}
