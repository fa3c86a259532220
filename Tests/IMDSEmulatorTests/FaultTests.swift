import DrydockCore
import DrydockHTTP
import EmulatorKit
import Foundation
import Testing
@testable import IMDSEmulator

@Suite("IMDS faults")
struct FaultTests {
    static let role = "/latest/meta-data/iam/security-credentials/drydock-ops-host"

    /// A router holding only the IMDS emulator, as the edge routes to it.
    struct Edge {
        let harness: IMDSHarness
        let router: EdgeRouter

        init() throws {
            harness = try IMDSHarness()
            router = EdgeRouter(emulators: [harness.imds], clock: harness.clock)
        }

        func addFault(_ json: String) throws {
            let response = router.respond(to: HTTPRequest(
                method: "POST", target: "/_drydock/faults", headers: ["Content-Type": "application/json"], body: Array(json.utf8)))
            guard response.status == 201 else { throw TestFailure("fault rejected: \(response.status) \(response.bodyText)") }
        }

        func send(_ method: String, _ path: String, headers: HTTPHeaders = [:]) -> HTTPResponse {
            router.respond(to: HTTPRequest(method: method, target: path, headers: headers))
        }

        func token() throws -> String {
            let response = send("PUT", "/latest/api/token", headers: ["X-aws-ec2-metadata-token-ttl-seconds": "21600"])
            guard response.status == 200 else { throw TestFailure("token: \(response.status)") }
            return response.bodyText
        }
    }

    @Test("status faults answer with EC2's page for that status", arguments: [403, 405, 500, 503])
    func statusPages(status: Int) throws {
        let edge = try Edge()
        try edge.addFault(#"{"service": "imds", "operation": "token", "action": {"type": "status", "status": \#(status)}}"#)
        let response = edge.send("PUT", "/latest/api/token", headers: ["X-aws-ec2-metadata-token-ttl-seconds": "60"])
        #expect(response.status == status)
        #expect(response.headers["Content-Type"] == "text/html")
        #expect(response.bodyText.contains("<title>\(status) - "))
        #expect(edge.harness.imds.errorResponse(status: 404, for: HTTPRequest(method: "GET", target: "/latest/x")).bodyText == notFoundPage)
    }

    @Test("malformed-credentials: a 200 with a cut-off credentials document")
    func malformedCredentials() throws {
        let edge = try Edge()
        let token = try edge.token()
        try edge.addFault(#"{"service": "imds", "operation": "credentials", "action": {"type": "status", "status": 200, "reason": "malformed-credentials"}}"#)
        let response = edge.send("GET", Self.role, headers: ["X-aws-ec2-metadata-token": token])
        #expect(response.status == 200)
        #expect(response.bodyText.hasPrefix("{\n  \"Code\" : \"Success\","))
        #expect(response.bodyText.contains("\"SecretAccessKey\" : \""))
        #expect(throws: (any Error).self) { try JSONValue.parse(response.bodyText) }
    }

    @Test("expired-credentials: a complete document whose Expiration has passed; DynamoDB sees it expired")
    func expiredCredentials() throws {
        let edge = try Edge()
        let token = try edge.token()
        try edge.addFault(#"{"service": "imds", "operation": "credentials", "times": 1, "action": {"type": "status", "status": 200, "reason": "expired-credentials"}}"#)
        let response = edge.send("GET", Self.role, headers: ["X-aws-ec2-metadata-token": token])
        #expect(response.status == 200)
        let json = try JSONValue.parse(response.bodyText)
        let now = edge.harness.clock.now()
        let expiration = try #require(json["Expiration"]?.stringValue.flatMap(RFC3339.date(from:)))
        #expect(expiration < now)
        let id = try #require(json["AccessKeyId"]?.stringValue)
        #expect(edge.harness.imds.authority.secret(forAccessKey: id, now: now)?.isExpired(at: now) == true)
        // The rule fired once: the next request gets valid credentials.
        let next = try JSONValue.parse(edge.send("GET", Self.role, headers: ["X-aws-ec2-metadata-token": token]).bodyText)
        #expect(next["AccessKeyId"]?.stringValue != id)
        #expect(try #require(next["Expiration"]?.stringValue.flatMap(RFC3339.date(from:))) > now)
    }

    @Test("fault reasons apply only on the instance role's credentials path")
    func reasonsOnlyOnCredentials() throws {
        let edge = try Edge()
        let token = try edge.token()
        try edge.addFault(#"{"service": "imds", "action": {"type": "status", "status": 200, "reason": "expired-credentials"}}"#)
        let response = edge.send("GET", "/latest/meta-data/instance-id", headers: ["X-aws-ec2-metadata-token": token])
        #expect(response.status == 200)
        #expect(response.bodyText == "i-0a1b2c3d4e5f67890")
    }

    @Test("the expire-tokens fault expires credentials and session tokens")
    func expireTokensFault() throws {
        let edge = try Edge()
        let token = try edge.token()
        let first = try JSONValue.parse(edge.send("GET", Self.role, headers: ["X-aws-ec2-metadata-token": token]).bodyText)
        try edge.addFault(#"{"service": "imds", "operation": "listing", "times": 1, "action": {"type": "expire-tokens"}}"#)
        _ = edge.send("GET", "/latest/meta-data/", headers: ["X-aws-ec2-metadata-token": token])
        #expect(edge.send("GET", Self.role, headers: ["X-aws-ec2-metadata-token": token]).status == 401)
        let now = edge.harness.clock.now()
        let id = try #require(first["AccessKeyId"]?.stringValue)
        #expect(edge.harness.imds.authority.secret(forAccessKey: id, now: now)?.isExpired(at: now) == true)
    }

    @Test("an operation IMDS does not declare is rejected")
    func unknownOperation() throws {
        let edge = try Edge()
        #expect(throws: TestFailure.self) {
            try edge.addFault(#"{"service": "imds", "operation": "credential", "action": {"type": "status", "status": 500}}"#)
        }
    }

    @Test("through the router: journal operations and the endpoint variable")
    func routedJournal() throws {
        let edge = try Edge()
        let token = try edge.token()
        _ = edge.send("GET", "/latest/meta-data/", headers: ["X-aws-ec2-metadata-token": token])
        _ = edge.send("GET", Self.role, headers: ["X-aws-ec2-metadata-token": token])
        let journal = try JSONValue.parse(edge.send("GET", "/_drydock/journal?service=imds").bodyText)
        let operations = journal["requests"]?.arrayValue?.compactMap { $0["operation"]?.stringValue }
        #expect(operations == ["token", "listing", "credentials"])
        let variables = edge.harness.imds.endpointVariables(baseURL: "http://127.0.0.1:8080")
        #expect(variables.map(\.name) == ["AWS_EC2_METADATA_SERVICE_ENDPOINT"])
        #expect(variables.map(\.value) == ["http://127.0.0.1:8080/"])
    }
}
