import DrydockCore
import DrydockCrypto
import DrydockHTTP
import DrydockTesting
import EmulatorKit
import Foundation
import Testing
@testable import SecretsManagerEmulator

@Suite("Secrets Manager: faults, journal and signatures through the edge")
struct FaultAndSignatureTests {
    static let key = AWSCredentials(accessKeyID: "AKIDEDGE", secretAccessKey: "edge-secret")

    /// The suite's router over the default fixtures plus a static key, as `drydock emulators serve` builds it.
    func edge() throws -> (EdgeRouter, SecretsManagerEmulator, TemporaryDirectory) {
        let scratch = try TemporaryDirectory("secretsmanager-edge")
        let clock = VirtualClock(base: ManualClock())
        let emulator = try SecretsManagerEmulator(
            fixturesDirectory: scratch.path, clock: clock, authority: nil, staticKeys: [Self.key.accessKeyID: Self.key.secretAccessKey])
        return (EdgeRouter(emulators: [emulator], clock: clock), emulator, scratch)
    }

    func signed(_ action: String, _ body: JSONValue, region: String = "us-east-1", clock: WallClock, credentials: AWSCredentials = key) -> HTTPRequest {
        let bytes = Array(body.serialized().utf8)
        let unsigned = SigV4Request(
            method: "POST", path: "/", headers: [("Host", "secretsmanager.\(region).amazonaws.com"), ("X-Amz-Target", "secretsmanager." + action)],
            body: bytes)
        let request = SigV4Signer(credentials: credentials, region: region, service: "secretsmanager").sign(unsigned, date: clock.now())
        return HTTPRequest(method: "POST", target: "/", headers: HTTPHeaders(request.headers.map { ($0.name, $0.value) }), body: bytes)
    }

    func addRule(_ router: EdgeRouter, _ json: String) throws {
        let response = router.respond(to: HTTPRequest(method: "POST", target: "/_drydock/faults", headers: ["Content-Type": "application/json"], body: Array(json.utf8)))
        #expect(response.status == 201, "\(response.bodyText)")
    }

    func error(_ response: HTTPResponse) -> (Int, String, String) {
        let json = (try? JSONValue.parse(response.body)) ?? .object([])
        return (response.status, json["__type"]?.stringValue ?? "", json["Message"]?.stringValue ?? json["message"]?.stringValue ?? "")
    }

    @Test func decryptionFailureThrottlingAndInternalErrors() throws {
        let (router, emulator, scratch) = try edge()
        defer { withExtendedLifetime(scratch) {} }
        try emulator.seedSecret(name: "t", secretString: "v")
        try addRule(router, #"{"service": "secretsmanager", "operation": "GetSecretValue", "times": 1, "action": {"type": "status", "status": 400, "reason": "DecryptionFailure"}}"#)
        let get = signed("GetSecretValue", ["SecretId": "t"], clock: router.clock)
        #expect(error(router.respond(to: get)) == (400, "DecryptionFailure", "Secrets Manager can't decrypt the protected secret text using the provided KMS key."))
        #expect(router.respond(to: signed("GetSecretValue", ["SecretId": "t"], clock: router.clock)).status == 200)
        try addRule(router, #"{"service": "secretsmanager", "times": 1, "action": {"type": "status", "status": 400}}"#)
        #expect(error(router.respond(to: signed("ListSecrets", [:], clock: router.clock))) == (400, "ThrottlingException", "Rate exceeded"))
        try addRule(router, #"{"service": "secretsmanager", "region": "us-west-2", "action": {"type": "status", "status": 500}}"#)
        let west = router.respond(to: signed("ListSecrets", [:], region: "us-west-2", clock: router.clock))
        #expect(error(west) == (500, "InternalServiceError", "An error occurred on the server side."))
        #expect(router.respond(to: signed("ListSecrets", [:], clock: router.clock)).status == 200)
        let journal = router.journal.entries().map { "\($0.service) \($0.operation) \($0.status ?? 0)" }
        #expect(journal == [
            "secretsmanager GetSecretValue 400", "secretsmanager GetSecretValue 200", "secretsmanager ListSecrets 400",
            "secretsmanager ListSecrets 500", "secretsmanager ListSecrets 200",
        ])
    }

    @Test func faultRulesNamingUnknownOperationsAreRefused() throws {
        let (router, _, scratch) = try edge()
        defer { withExtendedLifetime(scratch) {} }
        let response = router.respond(to: HTTPRequest(
            method: "POST", target: "/_drydock/faults", headers: ["Content-Type": "application/json"],
            body: Array(#"{"service": "secretsmanager", "operation": "GetSecretVal", "action": {"type": "status", "status": 500}}"#.utf8)))
        #expect(response.status == 400)
    }

    @Test func signaturesAreChecked() throws {
        let (router, emulator, scratch) = try edge()
        defer { withExtendedLifetime(scratch) {} }
        try emulator.seedSecret(name: "t", secretString: "v")
        let unsigned = HTTPRequest(method: "POST", target: "/", headers: ["X-Amz-Target": "secretsmanager.GetSecretValue"], body: Array(#"{"SecretId":"t"}"#.utf8))
        #expect(error(router.respond(to: unsigned)).1 == "MissingAuthenticationTokenException")
        let stranger = AWSCredentials(accessKeyID: "AKIDUNKNOWN", secretAccessKey: "x")
        #expect(error(router.respond(to: signed("GetSecretValue", ["SecretId": "t"], clock: router.clock, credentials: stranger))).1 == "UnrecognizedClientException")
        let forged = AWSCredentials(accessKeyID: Self.key.accessKeyID, secretAccessKey: "wrong")
        #expect(error(router.respond(to: signed("GetSecretValue", ["SecretId": "t"], clock: router.clock, credentials: forged))).1 == "InvalidSignatureException")
        let body = router.respond(to: signed("GetSecretValue", ["SecretId": "t"], clock: router.clock)).bodyText
        #expect(body.contains("\"SecretString\":\"v\""))
    }

    @Test func harnessServesSecretsManagerWithItsEndpointVariable() throws {
        try withEmulators(.inProcess) { harness in
            #expect(harness.environment.values["AWS_ENDPOINT_URL_SECRETS_MANAGER"] == harness.baseURL)
            let version = try harness.secretsManager.seedSecret(name: "drydock/google-token", secretString: "{}", region: "us-west-2")
            #expect(version.count == 36)
            #expect(harness.secretsManager.secretString(name: "drydock/google-token", region: "us-west-2") == "{}")
            #expect(harness.router.services.contains("secretsmanager"))
        }
    }
}
