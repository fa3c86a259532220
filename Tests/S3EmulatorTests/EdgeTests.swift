import DrydockCore
import DrydockHTTP
import EmulatorKit
import Foundation
@testable import S3Emulator
import Testing

/// S3 behind a real `EdgeRouter`: fault rules with S3's own error bodies, the journal's operations and
/// regions, and routing beside the other emulators.
@Suite("S3 behind the edge router")
struct EdgeTests {
    static func edge() -> (S3TestClient, EdgeRouter) {
        let client = S3TestClient()
        client.createBucket("manifests")
        let router = EdgeRouter(emulators: [client.emulator], clock: VirtualClock(base: client.clock))
        return (client, router)
    }

    static func addRule(_ router: EdgeRouter, _ json: String, sourceLocation: SourceLocation = #_sourceLocation) {
        let response = router.respond(to: HTTPRequest(method: "POST", target: "/_drydock/faults", headers: ["Content-Type": "application/json"], body: Array(json.utf8)))
        #expect(response.status == 201, "rule rejected: \(response.bodyText)", sourceLocation: sourceLocation)
    }

    @Test func throttlingIsSlowDown() {
        let (client, router) = Self.edge()
        Self.addRule(router, #"{"service": "s3", "operation": "PutObject", "times": 1, "action": {"type": "status", "status": 503}}"#)
        let throttled = router.respond(to: client.request("PUT", "/manifests/k", body: Array("v".utf8)))
        #expect(throttled.status == 503)
        #expect(S3TestClient.error(throttled) == ("SlowDown", "Please reduce your request rate."))
        #expect(throttled.headers["x-amz-request-id"] != nil)
        #expect(router.respond(to: client.request("PUT", "/manifests/k", body: Array("v".utf8))).status == 200)
        let entries = router.journal.entries().filter { $0.service == "s3" }
        #expect(entries.map(\.operation) == ["PutObject", "PutObject"])
        #expect(entries.map(\.status) == [503, 200])
        #expect(entries.map { $0.fault?.ruleID } == ["r1", nil])
    }

    @Test func ruleReasonsAndUnknownOperations() {
        let (client, router) = Self.edge()
        Self.addRule(router, #"{"service": "s3", "operation": "GetObject", "action": {"type": "status", "status": 500}}"#)
        let failed = router.respond(to: client.request("GET", "/manifests/k"))
        #expect(S3TestClient.error(failed) == ("InternalError", "We encountered an internal error. Please try again."))
        let typo = router.respond(to: HTTPRequest(method: "POST", target: "/_drydock/faults", headers: ["Content-Type": "application/json"],
                                                  body: Array(#"{"service": "s3", "operation": "GetObjcet", "action": {"type": "status", "status": 500}}"#.utf8)))
        #expect(typo.status == 400)
    }

    @Test func regionRulesUseTheSignaturesRegion() {
        var (client, router) = Self.edge()
        Self.addRule(router, #"{"service": "s3", "region": "eu-west-1", "action": {"type": "status", "status": 503}}"#)
        #expect(router.respond(to: client.request("GET", "/")).status == 200)
        client.region = "eu-west-1"
        #expect(router.respond(to: client.request("GET", "/")).status == 503)
    }

    @Test func claimsOnlyS3Requests() {
        let client = S3TestClient()
        #expect(client.emulator.claims(client.request("GET", "/")))
        #expect(client.emulator.claims(HTTPRequest(method: "GET", target: "/k", headers: ["Host": "b.s3.us-west-2.amazonaws.com"])))
        #expect(!client.emulator.claims(HTTPRequest(method: "POST", target: "/", headers: [
            "Authorization": "AWS4-HMAC-SHA256 Credential=AKID/20260101/us-east-1/dynamodb/aws4_request, SignedHeaders=host, Signature=x",
        ])))
        #expect(!client.emulator.claims(HTTPRequest(method: "GET", target: "/latest/meta-data/")))
        #expect(client.emulator.operation(for: client.request("POST", "/manifests/k?uploads")) == "CreateMultipartUpload")
        #expect(client.emulator.operation(for: client.request("PUT", "/manifests/k", headers: [("x-amz-copy-source", "a/b")])) == "CopyObject")
        #expect(client.emulator.operation(for: client.request("GET", "/manifests?list-type=2")) == "ListObjectsV2")
    }
}
