import DrydockCore
import DrydockHTTP
import DrydockTesting
import EmulatorKit
import Testing

/// The control API answers only requests addressed to the edge, from no foreign web page, with a JSON
/// content type on POST, and with the control token when there is one.
@Suite struct ControlAccessTests {
    static let json: HTTPHeaders = ["Content-Type": "application/json"]

    /// An edge that listens on 127.0.0.1:8580 (as far as the router knows).
    static func edge(token: String? = nil, host: String = "127.0.0.1", extra: [String] = []) -> TestEdge {
        let edge = TestEdge()
        edge.router.controlAccess = ControlAccess(listeningHost: host, listeningPort: 8580, extraHostNames: extra, token: token)
        return edge
    }

    /// A request as it arrives over a socket: from 127.0.0.1, with these headers.
    static func send(_ edge: TestEdge, _ method: String, _ target: String, _ headers: HTTPHeaders, body: String = "") -> (status: Int, error: String?, response: HTTPResponse) {
        let response = edge.router.respond(to: HTTPRequest(
            method: method, target: target, headers: headers, body: Array(body.utf8), remoteAddress: "127.0.0.1"))
        return (response.status, (try? JSONValue.parse(response.body))?["error"]?.stringValue, response)
    }

    @Test(arguments: ["127.0.0.1:8580", "localhost:8580", "[::1]:8580", "LOCALHOST:8580"])
    func theEdgesOwnAddressesAreAnswered(host: String) {
        let edge = Self.edge()
        #expect(Self.send(edge, "GET", "/_drydock/health", ["Host": host]).status == 200)
        #expect(Self.send(edge, "POST", "/_drydock/reset", ["Host": host, "Content-Type": "application/json"]).status == 200)
    }

    static let foreignHosts = ["evil.example:8580", "127.0.0.1:8581", "localhost", "127.0.0.1.nip.io:8580", "[::2]:8580", "10.0.0.5:8580", "", "a@127.0.0.1:8580"]

    @Test(arguments: foreignHosts)
    func otherHostsAreRefused(host: String) {
        let edge = Self.edge()
        let (status, error, _) = Self.send(edge, "GET", "/_drydock/journal", ["Host": host])
        #expect(status == 403)
        #expect(error == "the control API answers only requests addressed to 127.0.0.1, localhost or [::1] on port 8580, not Host \"\(host)\" "
                + "(a page on another site must not reach it through DNS rebinding)")
        #expect(Self.send(edge, "POST", "/_drydock/reset", ["Host": host, "Content-Type": "application/json"]).status == 403)
    }

    @Test func aMissingHostIsRefusedOverASocketButNotInProcess() {
        let edge = Self.edge()
        let (status, error, _) = Self.send(edge, "GET", "/_drydock/faults", [:])
        #expect(status == 403)
        #expect(error == "the control API needs a Host header naming 127.0.0.1, localhost or [::1] on port 8580")
        #expect(edge.router.respond(to: HTTPRequest(method: "GET", target: "/_drydock/faults")).status == 200)
    }

    @Test(arguments: ["http://127.0.0.1:8580", "http://localhost:8580/", "HTTP://[::1]:8580"])
    func anOriginOfTheEdgeItselfIsAnswered(origin: String) {
        let edge = Self.edge()
        let headers: HTTPHeaders = ["Host": "127.0.0.1:8580", "Origin": origin, "Content-Type": "application/json"]
        #expect(Self.send(edge, "POST", "/_drydock/faults", headers, body: #"{"action": {"type": "hang"}}"#).status == 201)
    }

    @Test(arguments: ["https://evil.example", "null", "http://localhost:3000", "http://127.0.0.1", "file://", "http://127.0.0.1:8580.evil.example"])
    func aForeignOriginIsRefused(origin: String) {
        let edge = Self.edge()
        let headers: HTTPHeaders = ["Host": "127.0.0.1:8580", "Origin": origin, "Content-Type": "application/json"]
        let (status, error, _) = Self.send(edge, "POST", "/_drydock/faults", headers, body: #"{"action": {"type": "hang"}}"#)
        #expect(status == 403)
        #expect(error == "the control API refuses requests from web pages of another origin (Origin \"\(origin)\"); "
                + "use it from scripts, or from a page served at 127.0.0.1, localhost or [::1] on port 8580")
        #expect(edge.router.faultRules.isEmpty, "nothing stored")
    }

    /// The three content types a page can POST without a CORS preflight, and none.
    @Test(arguments: [nil, "text/plain", "application/x-www-form-urlencoded", "multipart/form-data; boundary=x", "application/jsonp"])
    func aPostWithoutJSONContentTypeIs415(contentType: String?) {
        let edge = Self.edge()
        var headers: HTTPHeaders = ["Host": "127.0.0.1:8580"]
        if let contentType { headers.set("Content-Type", contentType) }
        for (path, body) in [("/_drydock/faults", #"{"action": {"type": "hang"}}"#), ("/_drydock/reset", ""), ("/_drydock/clock/advance", #"{"seconds": 5}"#)] {
            let (status, error, _) = Self.send(edge, "POST", path, headers, body: body)
            #expect(status == 415)
            let found = contentType.map { "Content-Type \"\($0)\"" } ?? "no Content-Type"
            #expect(error == "POST \(path) needs Content-Type: application/json (even with an empty body); this request has \(found)")
        }
        #expect(edge.router.faultRules.isEmpty)
        #expect(edge.clock.advancedSeconds == 0)
    }

    @Test func jsonWithParametersIsAccepted() {
        let edge = Self.edge()
        let headers: HTTPHeaders = ["Host": "127.0.0.1:8580", "Content-Type": "Application/JSON; charset=utf-8"]
        #expect(Self.send(edge, "POST", "/_drydock/clock/advance", headers, body: #"{"seconds": 5}"#).status == 200)
    }

    @Test func aDeleteWithABodyNeedsJSONButAPlainDeleteDoesNot() {
        let edge = Self.edge()
        let host: HTTPHeaders = ["Host": "127.0.0.1:8580"]
        #expect(Self.send(edge, "DELETE", "/_drydock/journal", host, body: "x=1").status == 415)
        #expect(Self.send(edge, "DELETE", "/_drydock/journal", host).status == 200)
    }

    @Test func unknownEndpointsAndWrongMethodsStillSaySo() {
        let edge = Self.edge()
        let host: HTTPHeaders = ["Host": "127.0.0.1:8580"]
        #expect(Self.send(edge, "POST", "/_drydock/nothing", host).status == 404)
        #expect(Self.send(edge, "POST", "/_drydock/health", host).status == 405)
    }

    @Test func theTokenIsRequiredWhenSet() throws {
        let edge = Self.edge(token: "s3cret-control-token")
        let base: HTTPHeaders = ["Host": "127.0.0.1:8580", "Content-Type": "application/json"]
        let missing = Self.send(edge, "POST", "/_drydock/reset", base)
        #expect(missing.status == 401)
        #expect(missing.response.headers["WWW-Authenticate"] == #"Bearer realm="drydock-control""#)
        #expect(missing.error == "the control API needs Authorization: Bearer <token> (the --control-token given to drydock emulators serve, "
                + "or DRYDOCK_CONTROL_TOKEN from its export lines); this request has no Authorization header")
        for wrong in ["Bearer s3cret-control-toke", "Bearer s3cret-control-token-", "Basic s3cret-control-token", "s3cret-control-token"] {
            var headers = base
            headers.set("Authorization", wrong)
            let refused = Self.send(edge, "POST", "/_drydock/reset", headers)
            #expect(refused.status == 401, "\(wrong)")
            #expect(refused.error?.hasSuffix("this request has a wrong bearer token") == true)
            #expect(refused.error?.contains("s3cret") == false, "the token is never echoed")
        }
        var headers = base
        headers.set("Authorization", "bearer s3cret-control-token")
        #expect(Self.send(edge, "POST", "/_drydock/reset", headers).status == 200)
        #expect(Self.send(edge, "GET", "/_drydock/journal", headers).status == 200)
        #expect(Self.send(edge, "GET", "/_drydock/journal", ["Host": "127.0.0.1:8580"]).status == 401)
        // Health needs no token (a readiness probe), but the host check still applies.
        #expect(Self.send(edge, "GET", "/_drydock/health", ["Host": "127.0.0.1:8580"]).status == 200)
        #expect(Self.send(edge, "GET", "/_drydock/health", ["Host": "evil.example:8580"]).status == 403)
        // The emulators themselves never see the control token requirement.
        #expect(Self.send(edge, "POST", "/token", ["Host": "evil.example"]).status == 200)
    }

    @Test func onAWildcardAddressIPLiteralsAndNamedHostsAreAnswered() {
        let edge = Self.edge(token: "t0ken-for-wildcard", host: "0.0.0.0", extra: ["ci-runner.internal"])
        let token = "Bearer t0ken-for-wildcard"
        for host in ["10.0.0.5:8580", "[fd00::5]:8580", "ci-runner.internal:8580", "localhost:8580"] {
            #expect(Self.send(edge, "GET", "/_drydock/faults", ["Host": host, "Authorization": token]).status == 200, "\(host)")
        }
        for host in ["attacker.example:8580", "10.0.0.5:9999"] {
            #expect(Self.send(edge, "GET", "/_drydock/faults", ["Host": host, "Authorization": token]).status == 403, "\(host)")
        }
    }

    @Test func beforeTheServerHasBoundLoopbackNamesOnAnyPortAreAnswered() {
        let edge = TestEdge()
        #expect(Self.send(edge, "GET", "/_drydock/faults", ["Host": "127.0.0.1:49152"]).status == 200)
        #expect(Self.send(edge, "GET", "/_drydock/faults", ["Host": "localhost"]).status == 200)
        let (status, error, _) = Self.send(edge, "GET", "/_drydock/faults", ["Host": "evil.example"])
        #expect(status == 403)
        #expect(error?.contains("addressed to localhost, 127.0.0.1 or [::1], not Host \"evil.example\"") == true)
    }

    @Test(arguments: [("127.0.0.1", true), ("127.1.2.3", true), ("localhost", true), ("::1", true), ("[::1]", true),
                      ("0.0.0.0", false), ("::", false), ("10.0.0.5", false), ("example.com", false), ("::2", false)])
    func loopbackAddressesAreRecognised(host: String, loopback: Bool) {
        #expect(ControlAccess.isLoopback(host) == loopback)
    }

    /// Over a real socket, as a DNS-rebinding page would arrive: the same refusals.
    @Test(.timeLimit(.minutes(1)))
    func liveRefusalsOverTheWire() throws {
        try withEmulators(.live) { harness in
            let client = HTTPClient()
            let url = harness.baseURL + "/_drydock/faults"
            let rule = Array(#"{"action": {"type": "hang"}}"#.utf8)
            let rebinding = try client.send(ClientRequest(method: "GET", url: url, headers: ["Host": "attacker.example"]))
            #expect(rebinding.status == 403)
            let port = harness.baseURL.split(separator: ":").last.map(String.init) ?? ""
            let crossSite = try client.send(ClientRequest(
                method: "POST", url: url, headers: ["Origin": "https://attacker.example", "Content-Type": "application/json"], body: rule))
            #expect(crossSite.status == 403)
            let simple = try client.send(ClientRequest(method: "POST", url: url, headers: ["Content-Type": "text/plain"], body: rule))
            #expect(simple.status == 415)
            let fine = try client.send(ClientRequest(
                method: "POST", url: url, headers: ["Origin": "http://localhost:\(port)", "Content-Type": "application/json"], body: rule))
            #expect(fine.status == 201)
            #expect(harness.router.faultRules.count == 1)
        }
    }
}
