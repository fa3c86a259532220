import DrydockCore
import DrydockCrypto
import DrydockHTTP
@testable import DynamoDBEmulator
import EmulatorKit
import Foundation
import IMDSEmulator
import Testing

@Suite("DynamoDB SigV4 authentication")
struct SignatureTests {
    static let now = Date(timeIntervalSince1970: 1_767_225_600)

    /// A ListTables request signed with `credentials` at `date`.
    static func signed(_ credentials: AWSCredentials, region: String = "eu-west-1", date: Date = now, body: String = "{}") -> HTTPRequest {
        SignedDynamoDBEdge.signed("ListTables", body, credentials: credentials, region: region, date: date)
    }

    static func emulator(authority: IMDSCredentialAuthority? = nil) -> DynamoDBEmulator {
        DynamoDBEmulator(
            clock: ManualTestClock(now),
            authenticator: SigV4RequestAuthenticator(staticKeys: ["AKIDSTATIC": "secret"], authority: authority))
    }

    static func error(_ response: HTTPResponse) -> (type: String, message: String) {
        let json = (try? JSONValue.parse(response.body)) ?? .null
        return (json["__type"]?.stringValue ?? "", json["message"]?.stringValue ?? "")
    }

    @Test func staticKeySignsAndPicksTheRegion() {
        let emulator = Self.emulator()
        let response = emulator.handle(Self.signed(AWSCredentials(accessKeyID: "AKIDSTATIC", secretAccessKey: "secret")))
        #expect(response.status == 200)
        #expect(response.bodyText == #"{"TableNames":[]}"#)
    }

    @Test(arguments: [
        ("AKIDSTATIC", "wrong", "com.amazon.coral.service#InvalidSignatureException",
         "The request signature we calculated does not match the signature you provided. Check your AWS Secret Access Key and signing method. Consult the service documentation for details."),
        ("AKIDUNKNOWN", "secret", "com.amazon.coral.service#UnrecognizedClientException", "The security token included in the request is invalid."),
    ])
    func badCredentials(_ key: String, _ secret: String, _ type: String, _ message: String) {
        let response = Self.emulator().handle(Self.signed(AWSCredentials(accessKeyID: key, secretAccessKey: secret)))
        #expect(response.status == 400)
        #expect(Self.error(response) == (type, message))
    }

    @Test func unsignedRequestsAreRefused() {
        let request = HTTPRequest(method: "POST", target: "/", headers: ["X-Amz-Target": "DynamoDB_20120810.ListTables"], body: Array("{}".utf8))
        let response = Self.emulator().handle(request)
        #expect(Self.error(response) == ("com.amazon.coral.service#MissingAuthenticationTokenException", "Request is missing Authentication Token"))
    }

    @Test func tamperedBodyFails() {
        var request = Self.signed(AWSCredentials(accessKeyID: "AKIDSTATIC", secretAccessKey: "secret"))
        request.body = Array(#"{"Limit":1}"#.utf8)
        #expect(Self.error(Self.emulator().handle(request)).type == "com.amazon.coral.service#InvalidSignatureException")
    }

    /// AWS checks the request time before the credential scope: a day-old (or day-ahead) request is
    /// expired (not yet current) even when its scope names another service.
    @Test(arguments: [(-86_400.0, "Signature expired: 20251231T000000Z is now earlier than 20251231T234500Z (20260101T000000Z - 15 min.)"),
                      (86_400.0, "Signature not yet current: 20260102T000000Z is still later than 20260101T001500Z (20260101T000000Z + 15 min.)")])
    func timeIsCheckedBeforeScope(_ offset: Double, _ message: String) {
        var request = Self.signed(AWSCredentials(accessKeyID: "AKIDSTATIC", secretAccessKey: "secret"), date: Self.now.addingTimeInterval(offset))
        let authorization = request.headers["Authorization"] ?? ""
        request.headers.set("Authorization", authorization.replacingOccurrences(of: "/dynamodb/aws4_request", with: "/s3/aws4_request"))
        let response = Self.emulator().handle(request)
        #expect(response.status == 400)
        #expect(Self.error(response) == ("com.amazon.coral.service#InvalidSignatureException", message))
    }

    @Test func imdsKeysWorkUntilTheyExpire() {
        let clock = VirtualClock(base: ManualTestClock(Self.now))
        let authority = IMDSCredentialAuthority(clock: clock, random: .seeded(7))
        let emulator = Self.emulator(authority: authority)
        let key = authority.currentKey(now: Self.now)
        let credentials = AWSCredentials(accessKeyID: key.accessKeyID, secretAccessKey: key.secretAccessKey, sessionToken: key.sessionToken)
        #expect(emulator.handle(Self.signed(credentials)).status == 200)

        let noToken = AWSCredentials(accessKeyID: key.accessKeyID, secretAccessKey: key.secretAccessKey)
        #expect(Self.error(emulator.handle(Self.signed(noToken))).type == "com.amazon.coral.service#UnrecognizedClientException")

        let expired = authority.issueExpiredKey(now: Self.now)
        let old = AWSCredentials(accessKeyID: expired.accessKeyID, secretAccessKey: expired.secretAccessKey, sessionToken: expired.sessionToken)
        #expect(Self.error(emulator.handle(Self.signed(old)))
            == ("com.amazon.coral.service#ExpiredTokenException", "The security token included in the request is expired"))
    }
}
