import DrydockCrypto
import Foundation
import Testing

/// The verifier's refusals, on a DynamoDB-shaped request signed in code (independent of the suite).
@Suite struct SigV4VerifierTests {
    static let credentials = AWSCredentials(accessKeyID: "AKIDEXAMPLE", secretAccessKey: "wJalrXUtnFEMI/K7MDENG+bPxRfiCYEXAMPLEKEY")
    /// 2026-01-01T00:10:00Z.
    static let signedAt = Date(timeIntervalSince1970: 1_767_226_200)
    let verifier = SigV4Verifier(service: "dynamodb")

    static var request: SigV4Request {
        SigV4Request(
            method: "POST", path: "/",
            headers: [
                ("Host", "dynamodb.us-east-1.amazonaws.com"),
                ("Content-Type", "application/x-amz-json-1.0"),
                ("X-Amz-Target", "DynamoDB_20120810.ListTables"),
                ("User-Agent", "Boto3/1.35.0"),
            ],
            body: Array("{}".utf8))
    }

    static func signed(at date: Date = signedAt, credentials: AWSCredentials = credentials, service: String = "dynamodb") -> SigV4Request {
        SigV4Signer(credentials: credentials, region: "us-east-1", service: service).sign(request, date: date)
    }

    func verify(_ request: SigV4Request, now: Date = signedAt, secret: String? = credentials.secretAccessKey) -> Result<SigV4Authorization, SigV4Error> {
        verifier.verify(request, now: now) { $0 == "AKIDEXAMPLE" ? secret : nil }
    }

    func expectError(_ result: Result<SigV4Authorization, SigV4Error>, _ code: SigV4Error.Code, _ message: String? = nil,
                     sourceLocation: SourceLocation = #_sourceLocation) {
        guard case .failure(let error) = result else {
            Issue.record("expected \(code), got success", sourceLocation: sourceLocation)
            return
        }
        #expect(error.code == code, sourceLocation: sourceLocation)
        if let message { #expect(error.message == message, sourceLocation: sourceLocation) }
    }

    static let mismatch = "The request signature we calculated does not match the signature you provided. "
        + "Check your AWS Secret Access Key and signing method. Consult the service documentation for details."

    @Test func acceptsAndReturnsScope() throws {
        let authorization = try verify(Self.signed()).get()
        #expect(authorization.accessKeyID == "AKIDEXAMPLE")
        #expect(authorization.region == "us-east-1")
        #expect(authorization.service == "dynamodb")
        #expect(authorization.date == "20260101")
        // User-Agent is never signed.
        #expect(authorization.signedHeaders == ["content-type", "host", "x-amz-date", "x-amz-target"])
    }

    @Test func acceptsSessionTokenAndUnsignedHeaderChanges() throws {
        let withToken = AWSCredentials(accessKeyID: "AKIDEXAMPLE", secretAccessKey: Self.credentials.secretAccessKey, sessionToken: "FwoGZXIvYXdzEXAMPLE")
        var request = Self.signed(credentials: withToken)
        #expect(try verify(request).get().signedHeaders.contains("x-amz-security-token"))
        request.headers.append(("X-Amzn-Trace-Id", "Root=1-abc"))
        #expect(throws: Never.self) { try verify(request).get() }
    }

    @Test func rejectsTamperedBody() {
        var request = Self.signed()
        request.body = Array(#"{"Limit":1}"#.utf8)
        let result = verify(request)
        expectError(result, .signatureMismatch, Self.mismatch)
        if case .failure(let error) = result { #expect(error.exceptionName == "InvalidSignatureException") }
    }

    @Test func rejectsTamperedSignedHeader() {
        var request = Self.signed()
        let index = request.headers.firstIndex { $0.name == "X-Amz-Target" }!
        request.headers[index].value = "DynamoDB_20120810.DeleteTable"
        expectError(verify(request), .signatureMismatch, Self.mismatch)
    }

    @Test func rejectsTamperedPathAndQuery() {
        var request = Self.signed()
        request.path = "/other"
        expectError(verify(request), .signatureMismatch)
        request = Self.signed()
        request.query = "a=b"
        expectError(verify(request), .signatureMismatch)
    }

    @Test func rejectsTamperedSignature() {
        var request = Self.signed()
        let index = request.headers.firstIndex { $0.name == "Authorization" }!
        var value = request.headers[index].value
        let last = value.removeLast()
        request.headers[index].value = value + (last == "0" ? "1" : "0")
        expectError(verify(request), .signatureMismatch, Self.mismatch)
        // A truncated signature is a mismatch too (different length).
        request.headers[index].value = String(value.dropLast(10))
        expectError(verify(request), .signatureMismatch, Self.mismatch)
    }

    @Test func rejectsWrongSecret() {
        expectError(verify(Self.signed(), secret: "not-the-secret"), .signatureMismatch, Self.mismatch)
    }

    @Test func rejectsUnknownKey() {
        let other = AWSCredentials(accessKeyID: "AKIDUNKNOWN", secretAccessKey: "x")
        let result = verify(Self.signed(credentials: other))
        expectError(result, .unknownAccessKey, "The security token included in the request is invalid.")
        if case .failure(let error) = result { #expect(error.exceptionName == "UnrecognizedClientException") }
    }

    @Test func skewLimitIsInclusive() {
        #expect(throws: Never.self) { try verify(Self.signed(), now: Self.signedAt.addingTimeInterval(900)).get() }
        #expect(throws: Never.self) { try verify(Self.signed(), now: Self.signedAt.addingTimeInterval(-900)).get() }
    }

    @Test func rejectsOldRequest() {
        let result = verify(Self.signed(), now: Self.signedAt.addingTimeInterval(901))
        expectError(result, .expired,
                    "Signature expired: 20260101T001000Z is now earlier than 20260101T001001Z (20260101T002501Z - 15 min.)")
        if case .failure(let error) = result { #expect(error.exceptionName == "InvalidSignatureException") }
    }

    @Test func rejectsFutureRequest() {
        expectError(verify(Self.signed(), now: Self.signedAt.addingTimeInterval(-901)), .expired,
                    "Signature not yet current: 20260101T001000Z is still later than 20260101T000959Z (20251231T235459Z + 15 min.)")
    }

    @Test func customSkewAppearsInMessage() {
        let verifier = SigV4Verifier(service: "dynamodb", maxSkew: 300)
        let result = verifier.verify(Self.signed(), now: Self.signedAt.addingTimeInterval(301)) { _ in "x" }
        expectError(result, .expired,
                    "Signature expired: 20260101T001000Z is now earlier than 20260101T001001Z (20260101T001501Z - 5 min.)")
    }

    @Test func rejectsMissingAuthorization() {
        var request = Self.signed()
        request.headers.removeAll { $0.name == "Authorization" }
        let result = verify(request)
        expectError(result, .missingAuthenticationToken, "Request is missing Authentication Token")
        if case .failure(let error) = result { #expect(error.exceptionName == "MissingAuthenticationTokenException") }
    }

    @Test func rejectsMissingOrBadDate() {
        var request = Self.signed()
        request.headers.removeAll { $0.name == "X-Amz-Date" }
        let authorization = request.header("Authorization")!
        expectError(verify(request), .missingDate,
                    "Authorization header requires existence of either a 'X-Amz-Date' or a 'Date' header. Authorization=\(authorization)")
        request.headers.append(("X-Amz-Date", "2026-01-01T00:10:00Z"))
        expectError(verify(request), .missingDate,
                    "Date must be in ISO-8601 'basic format'. Got '2026-01-01T00:10:00Z'. See http://en.wikipedia.org/wiki/ISO_8601")
        request.headers[request.headers.count - 1].value = "20260230T001000Z"  // no 30 February
        expectError(verify(request), .missingDate)
    }

    @Test func missingDateJoinsMissingParameters() {
        let request = SigV4Request(method: "POST", path: "/", headers: [("Host", "h"), ("Authorization", "Bearer abc")])
        expectError(verify(request), .incompleteSignature,
                    "Authorization header requires 'Credential' parameter. Authorization header requires 'Signature' parameter. "
                        + "Authorization header requires 'SignedHeaders' parameter. Authorization header requires existence of "
                        + "either a 'X-Amz-Date' or a 'Date' header. Authorization=Bearer abc")
    }

    @Test func rejectsOtherServiceScope() {
        let result = verify(Self.signed(service: "sqs"))
        expectError(result, .invalidScope, "Credential should be scoped to correct service: 'dynamodb'. ")
        if case .failure(let error) = result { #expect(error.exceptionName == "InvalidSignatureException") }
    }

    @Test func rejectsScopeDateMismatch() {
        var request = Self.signed()
        let index = request.headers.firstIndex { $0.name == "X-Amz-Date" }!
        request.headers[index].value = "20260102T001000Z"
        expectError(verify(request, now: Self.signedAt.addingTimeInterval(86_400)), .invalidScope,
                    "Date in Credential scope does not match YYYYMMDD from ISO-8601 version of date from HTTP: "
                        + "'20260101' != '20260102', from 'X-Amz-Date'.")
    }

    @Test func requiresSignedHost() {
        var request = Self.request
        request.headers.removeAll { $0.name == "Host" }
        let signed = SigV4Signer(credentials: Self.credentials, region: "us-east-1", service: "dynamodb").sign(request, date: Self.signedAt)
        expectError(verify(signed), .malformedAuthorization)
    }

    @Test func s3PathIsNotNormalisedAndUnsignedPayloadIsHonoured() throws {
        var signer = SigV4Signer(credentials: Self.credentials, region: "us-east-1", service: "s3")
        signer.unsignedPayload = true
        let request = SigV4Request(method: "PUT", path: "/bucket//a/../my%20key", headers: [("Host", "s3.amazonaws.com")], body: Array("data".utf8))
        let signed = signer.sign(request, date: Self.signedAt)
        #expect(signed.header("x-amz-content-sha256") == "UNSIGNED-PAYLOAD")
        let verifier = SigV4Verifier(service: "s3")
        let result = verifier.verify(signed, now: Self.signedAt) { _ in Self.credentials.secretAccessKey }
        #expect(try result.get().service == "s3")
        // Normalising (as DynamoDB does) would sign a different path.
        var normalising = SigV4Verifier(service: "s3")
        normalising.normalizePath = true
        expectError(normalising.verify(signed, now: Self.signedAt) { _ in Self.credentials.secretAccessKey }, .signatureMismatch)
    }
}
