import DrydockCore
import DrydockHTTP
import EmulatorKit
import Foundation
import Testing

/// A stand-in regional service: claims `/regional/`, reports the region named by `X-Test-Region`
/// (none without the header), answers 200.
private final class RegionalEmulator: ServiceEmulator {
    let service = "regional"
    func claims(_ request: HTTPRequest) -> Bool { request.path.hasPrefix("/regional/") }
    func operation(for request: HTTPRequest) -> String { request.path.split(separator: "/").last.map(String.init) ?? "unknown" }
    func handle(_ request: HTTPRequest) -> HTTPResponse { HTTPResponse(status: 200, contentType: "text/plain", text: "ok") }
    func errorResponse(status: Int, for request: HTTPRequest) -> HTTPResponse {
        HTTPResponse(status: status, contentType: "text/plain", text: "injected")
    }
    func region(of request: HTTPRequest) -> String? { request.headers["X-Test-Region"] }
    func reset() {}
    func endpointVariables(baseURL: String) -> [(name: String, value: String)] { [] }
}

/// The `region` criterion: decoding, validation, encoding, and matching against the region the
/// service reports.
@Suite struct FaultRegionTests {
    /// An edge with the regional service and a region-less one (`oauth` at `/token`).
    static func edge() -> EdgeRouter {
        EdgeRouter(emulators: [RegionalEmulator(), FakeEmulator(service: "oauth", prefix: "/token")], clock: VirtualClock(), faultSeed: 7)
    }

    static func post(_ edge: EdgeRouter, _ path: String, _ body: String) -> (status: Int, json: JSONValue) {
        let response = edge.respond(to: HTTPRequest(method: "POST", target: path, headers: ["Content-Type": "application/json"], body: Array(body.utf8)))
        return (response.status, (try? JSONValue.parse(response.body)) ?? .null)
    }

    static func status(_ edge: EdgeRouter, _ target: String, region: String?) -> Int {
        var headers: HTTPHeaders = [:]
        if let region { headers.add("X-Test-Region", region) }
        return edge.respond(to: HTTPRequest(method: "GET", target: target, headers: headers, body: [])).status
    }

    @Test func decodesEncodesAndListsTheRegion() throws {
        let rule = try FaultRule(json: JSONValue.parse(#"{"region": "us-west-2", "action": {"type": "status", "status": 503}}"#))
        #expect(rule.region == "us-west-2")
        #expect(rule.json["region"] == "us-west-2")
        #expect(try FaultRule(json: rule.json) == rule)

        let edge = Self.edge()
        #expect(Self.post(edge, "/_drydock/faults", #"{"id": "west", "region": "us-*", "action": {"type": "hang"}}"#).status == 201)
        let listed = edge.respond(to: HTTPRequest(method: "GET", target: "/_drydock/faults/west", headers: [:], body: []))
        #expect(try JSONValue.parse(listed.body)["region"] == "us-*")
    }

    @Test(arguments: [
        (#""region": """#, #"region: expected a region name such as us-west-2 (lowercase letters, digits and '-'; '*' and '?' wildcards), got """#),
        (#""region": "US-WEST-2""#, #"region: expected a region name such as us-west-2 (lowercase letters, digits and '-'; '*' and '?' wildcards), got "US-WEST-2""#),
        (#""region": "us west""#, #"region: expected a region name such as us-west-2 (lowercase letters, digits and '-'; '*' and '?' wildcards), got "us west""#),
        (#""region": ["us-west-2"]"#, #"region: expected a region name such as us-west-2 (lowercase letters, digits and '-'; '*' and '?' wildcards), got an array"#),
    ])
    func rejectsRegionsThatCouldNeverMatch(_ criterion: String, _ message: String) {
        let edge = Self.edge()
        let (status, json) = Self.post(edge, "/_drydock/faults", #"{\#(criterion), "action": {"type": "status", "status": 503}}"#)
        #expect(status == 400)
        #expect(json["error"]?.stringValue == message)
        #expect(edge.faultRules.isEmpty)
    }

    @Test func validatesRulesBuiltInSwift() {
        #expect(throws: JSONInputError(path: "region", reason: "expected " + "a region name such as us-west-2 (lowercase letters, digits and '-'; '*' and '?' wildcards)")) {
            try FaultRule(region: "Eu-West-1", action: .status(503)).validate()
        }
        #expect(throws: Never.self) { try FaultRule(region: "eu-*-1", action: .status(503)).validate() }
    }

    @Test func matchesOnlyTheReportedRegionByGlob() throws {
        let edge = Self.edge()
        try edge.addFaultRule(FaultRule(region: "us-west-2", action: .status(503)))
        #expect(Self.status(edge, "/regional/GetItem", region: "us-west-2") == 503)
        #expect(Self.status(edge, "/regional/GetItem", region: "us-east-1") == 200)

        let glob = Self.edge()
        try glob.addFaultRule(FaultRule(region: "us-*", action: .status(503)))
        #expect(Self.status(glob, "/regional/x", region: "us-east-1") == 503)
        #expect(Self.status(glob, "/regional/x", region: "eu-west-1") == 200)
    }

    @Test func neverMatchesAServiceThatReportsNoRegion() throws {
        let edge = Self.edge()
        try edge.addFaultRule(FaultRule(region: "*", action: .status(503)))
        #expect(Self.status(edge, "/regional/x", region: nil) == 200)
        #expect(Self.status(edge, "/token", region: "us-west-2") == 200)  // oauth: the default region(of:) is nil
        #expect(Self.status(edge, "/regional/x", region: "us-west-2") == 503)
        #expect(edge.faultRules[0].matched == 1)
    }

    @Test func combinesWithOtherCriteria() throws {
        let edge = Self.edge()
        try edge.addFaultRule(FaultRule(service: "regional", operation: "PutItem", region: "us-west-2", action: .status(503)))
        #expect(Self.status(edge, "/regional/PutItem", region: "us-west-2") == 503)
        #expect(Self.status(edge, "/regional/GetItem", region: "us-west-2") == 200)
        #expect(Self.status(edge, "/regional/PutItem", region: "us-east-1") == 200)
    }
}
