import DrydockCore
import DrydockCrypto
import DrydockHTTP
@testable import DynamoDBEmulator
import EmulatorKit
import Foundation
import Testing

/// The DynamoDB emulator behind a real `EdgeRouter` (faults, journal, control API), checking SigV4
/// against one static key; requests are signed the way botocore signs them, for any region.
struct SignedDynamoDBEdge {
    static let now = Date(timeIntervalSince1970: 1_767_225_600)
    static let credentials = AWSCredentials(accessKeyID: "AKIDFAULTS", secretAccessKey: "faults-secret")

    let clock: VirtualClock
    let emulator: DynamoDBEmulator
    let router: EdgeRouter

    /// - Parameter base: the clock under the virtual one; the fixed `now` unless real clients (which
    ///   sign with the real time) call in.
    init(faultSeed: UInt64 = 0, base: WallClock = ManualTestClock(SignedDynamoDBEdge.now)) {
        clock = VirtualClock(base: base)
        emulator = DynamoDBEmulator(
            clock: clock, authenticator: SigV4RequestAuthenticator(staticKeys: [Self.credentials.accessKeyID: Self.credentials.secretAccessKey]))
        router = EdgeRouter(emulators: [emulator], clock: clock, faultSeed: faultSeed)
    }

    /// `action` with `body`, signed for `region` at the virtual clock's time.
    static func request(_ action: String, _ body: String, region: String, date: Date = now) -> HTTPRequest {
        signed(action, body, credentials: credentials, region: region, date: date)
    }

    /// `action` with `body` as botocore sends it, signed with `credentials` for `region` at `date`.
    static func signed(_ action: String, _ body: String, credentials: AWSCredentials, region: String, date: Date) -> HTTPRequest {
        let unsigned = SigV4Request(
            method: "POST", path: "/",
            headers: [("Host", "127.0.0.1:8000"), ("X-Amz-Target", "DynamoDB_20120810.\(action)"),
                      ("Content-Type", "application/x-amz-json-1.0")],
            body: Array(body.utf8))
        let signed = SigV4Signer(credentials: credentials, region: region, service: "dynamodb").sign(unsigned, date: date)
        return HTTPRequest(method: "POST", target: "/", headers: HTTPHeaders(signed.headers.map { ($0.name, $0.value) }), body: signed.body)
    }

    /// The raw response of a signed request through the router.
    func send(_ action: String, _ body: String, region: String) -> HTTPResponse {
        router.respond(to: Self.request(action, body, region: region))
    }

    /// The parsed body of a 200 answer; records an issue otherwise.
    @discardableResult
    func ok(_ action: String, _ body: String, region: String, sourceLocation: SourceLocation = #_sourceLocation) -> JSONValue {
        let response = send(action, body, region: region)
        #expect(response.status == 200, "\(action) in \(region) answered \(response.status): \(response.bodyText)", sourceLocation: sourceLocation)
        return (try? JSONValue.parse(response.body)) ?? .null
    }

    /// Posts fault rules to the control API; they must be accepted.
    func addRules(_ json: String, sourceLocation: SourceLocation = #_sourceLocation) {
        let response = router.respond(to: HTTPRequest(method: "POST", target: "/_drydock/faults", headers: ["Content-Type": "application/json"], body: Array(json.utf8)))
        #expect(response.status == 201, "rule rejected: \(response.bodyText)", sourceLocation: sourceLocation)
    }

    /// Creates `name` (string hash key `pk`) in `region`.
    func createTable(_ name: String, region: String) {
        ok("CreateTable", #"{"TableName":"\#(name)","AttributeDefinitions":[{"AttributeName":"pk","AttributeType":"S"}],"KeySchema":[{"AttributeName":"pk","KeyType":"HASH"}],"BillingMode":"PAY_PER_REQUEST"}"#, region: region)
    }
}

extension HTTPResponse {
    /// `__type` and `message` of a DynamoDB error body.
    var dynamoError: (type: String, message: String) {
        let json = (try? JSONValue.parse(body)) ?? .null
        return (json["__type"]?.stringValue ?? "<none>", json["message"]?.stringValue ?? "<none>")
    }
}
