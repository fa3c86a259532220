import DrydockCrypto
import Foundation
import Testing

/// Authorization headers and dates a hostile or buggy client sends (issue 8): each parses or fails with
/// AWS's texts, in time linear in its size, never a trap.
@Suite("SigV4 hostile headers", .timeLimit(.minutes(1)))
struct SigV4HostileHeaderTests {
    static let valid = "Credential=AKID/20260101/us-west-2/dynamodb/aws4_request, SignedHeaders=host;x-amz-date, Signature=00"

    @Test func manyCommasAndSpacesAreSeparators() throws {
        let noise = String(repeating: ", \t,", count: 50_000)
        let parsed = try SigV4Authorization.parse("AWS4-HMAC-SHA256 \(noise)\(Self.valid)\(noise)")
        #expect(parsed.region == "us-west-2")
        #expect(parsed.signedHeaders == ["host", "x-amz-date"])
    }

    @Test func aRepeatedCredentialKeepsTheLastAndRoutingReadsTheSame() throws {
        let header = "AWS4-HMAC-SHA256 Credential=AKID/20260101/eu-west-1/dynamodb/aws4_request, \(Self.valid)"
        #expect(try SigV4Authorization.parse(header).region == "us-west-2")
        #expect(SigV4Authorization.credentialRegion(in: header) == "us-west-2")
        // A "Credential=" inside another component's value is not a credential.
        let hidden = "AWS4-HMAC-SHA256 Credential=AKID/20260101/us-west-2/dynamodb/aws4_request, SignedHeaders=host, Signature=Credential=X/20260101/eu-west-1/dynamodb/aws4_request"
        #expect(SigV4Authorization.credentialRegion(in: hidden) == "us-west-2")
    }

    @Test(arguments: [
        "AWS4-HMAC-SHA256 Credential=AKID/20260101/us-west-2/dynamodb",
        "AWS4-HMAC-SHA256 Credential=AKID/20260101//dynamodb/aws4_request",
        "AWS4-HMAC-SHA256 Credential=a/b/c/d/e/f/g/h",
        "Credential=AKID/20260101/us-west-2/dynamodb/aws4_request",
        "AWS4-HMAC-SHA256 Credential AKID/20260101/us-west-2/dynamodb/aws4_request",
    ])
    func noRegionWithoutAWellFormedCredential(_ header: String) {
        #expect(SigV4Authorization.credentialRegion(in: header) == nil)
    }

    /// Emulators on one port route by the scope's service (S3 and CloudFront before DynamoDB).
    @Test func theScopesServiceIsReadAsRoutingReadsTheRegion() {
        let header = "AWS4-HMAC-SHA256 \(Self.valid)"
        #expect(SigV4Authorization.isScoped(header, toService: "dynamodb"))
        #expect(!SigV4Authorization.isScoped(header, toService: "s3"))
        #expect(!SigV4Authorization.isScoped(header, toService: "dynamo"))
        let s3 = "AWS4-HMAC-SHA256 Credential=AKID/20260101/us-east-1/s3/aws4_request, SignedHeaders=host, Signature=00"
        #expect(SigV4Authorization.isScoped(s3, toService: "s3"))
        // The last Credential wins, and one hidden in another component's value does not count.
        let hidden = "AWS4-HMAC-SHA256 Credential=AKID/20260101/us-west-2/dynamodb/aws4_request, SignedHeaders=host, Signature=Credential=X/20260101/us-east-1/s3/aws4_request"
        #expect(!SigV4Authorization.isScoped(hidden, toService: "s3"))
        #expect(!SigV4Authorization.isScoped("Bearer ya29.token", toService: "s3"))
        #expect(!SigV4Authorization.isScoped("AWS4-HMAC-SHA256 Credential=AKID/20260101/us-east-1/s3", toService: "s3"))
    }

    @Test func aHugeSignedHeadersListIsRead() throws {
        let names = (0..<20_000).map { "x-h\($0)" }.joined(separator: ";")
        let parsed = try SigV4Authorization.parse("AWS4-HMAC-SHA256 Credential=AKID/20260101/us-west-2/dynamodb/aws4_request, SignedHeaders=host;\(names), Signature=00")
        #expect(parsed.signedHeaders.count == 20_001)
    }

    /// A request with `headers` and an Authorization header signing `names`, verified at the signing time.
    func verify(headers: [(String, String)], signing names: String) -> Result<SigV4Authorization, SigV4Error> {
        var request = SigV4Request(
            method: "POST", path: "/",
            headers: ([("Host", "dynamodb.us-east-1.amazonaws.com"), ("X-Amz-Date", "20260101T001000Z")] + headers).map { (name: $0.0, value: $0.1) })
        request.headers.append((
            name: "Authorization",
            value: "AWS4-HMAC-SHA256 Credential=AKIDEXAMPLE/20260101/us-east-1/dynamodb/aws4_request, SignedHeaders=\(names), Signature=00"))
        return SigV4Verifier(service: "dynamodb").verify(request, now: Date(timeIntervalSince1970: 1_767_226_200)) { _ in "secret" }
    }

    @Test func aHeaderSignedTwiceCannotMatch() {
        // 20,000 times one name over 5,000 headers of that name would put 10^8 values in the canonical
        // request (it took a minute and hundreds of megabytes before): refused as a mismatch at once.
        let result = verify(
            headers: (0..<5_000).map { ("h", "\($0)") },
            signing: "host;x-amz-date;" + Array(repeating: "h", count: 20_000).joined(separator: ";"))
        guard case .failure(let error) = result else {
            Issue.record("a made-up signature was accepted")
            return
        }
        #expect(error.code == .signatureMismatch)
    }

    @Test func manyDistinctSignedHeadersAreCanonicalisedInLinearTime() {
        let result = verify(
            headers: (0..<5_000).map { ("h\($0)", "\($0)") },
            signing: "host;x-amz-date;" + (0..<20_000).map { "h\($0)" }.joined(separator: ";"))
        guard case .failure(let error) = result else {
            Issue.record("a made-up signature was accepted")
            return
        }
        #expect(error.code == .signatureMismatch)
    }

    @Test(arguments: ["ÄKID", "AKID\u{FFFD}", "🔑", "AK\u{0}ID"])
    func nonASCIIAccessKeysAreUnknownKeys(_ key: String) throws {
        let header = "AWS4-HMAC-SHA256 Credential=\(key)/20260101/us-east-1/dynamodb/aws4_request, SignedHeaders=host;x-amz-date, Signature=00"
        #expect(try SigV4Authorization.parse(header).accessKeyID == key)
        let request = SigV4Request(method: "POST", path: "/", headers: [
            ("Host", "localhost"), ("X-Amz-Date", "20260101T001000Z"), ("Authorization", header),
        ].map { (name: $0.0, value: $0.1) })
        let result = SigV4Verifier(service: "dynamodb").verify(request, now: Date(timeIntervalSince1970: 1_767_226_200)) { _ in nil }
        guard case .failure(let error) = result else {
            Issue.record("an unknown key was accepted")
            return
        }
        #expect(error.code == .unknownAccessKey)
    }

    @Test(arguments: [
        "99999999T999999Z", "20261301T000000Z", "20260230T000000Z", "2026010T1000000Z", "20260101T240000Z",
        "-0260101T000000Z", "+0260101T000000Z", "２０２６0101T000000Z", "20260101T000000Z\u{0}", "",
        String(repeating: "9", count: 100_000),
    ])
    func impossibleDatesAreRefused(_ date: String) {
        let request = SigV4Request(method: "POST", path: "/", headers: [
            ("Host", "localhost"), ("X-Amz-Date", date),
            ("Authorization", "AWS4-HMAC-SHA256 \(Self.valid)"),
        ].map { (name: $0.0, value: $0.1) })
        let result = SigV4Verifier(service: "dynamodb").verify(request, now: Date(timeIntervalSince1970: 1_767_226_200)) { _ in "secret" }
        guard case .failure(let error) = result else {
            Issue.record("\(date) was accepted")
            return
        }
        #expect(error.code == .missingDate)
        #expect(error.message == "Date must be in ISO-8601 'basic format'. Got '\(date)'. See http://en.wikipedia.org/wiki/ISO_8601")
    }

    @Test(arguments: ["00010101T000000Z", "99991231T235959Z"])
    func datesAtTheEndsOfTheCalendarAreSkewed(_ date: String) {
        let request = SigV4Request(method: "POST", path: "/", headers: [
            ("Host", "localhost"), ("X-Amz-Date", date),
            ("Authorization", "AWS4-HMAC-SHA256 Credential=AKID/\(date.prefix(8))/us-east-1/dynamodb/aws4_request, SignedHeaders=host;x-amz-date, Signature=00"),
        ].map { (name: $0.0, value: $0.1) })
        let result = SigV4Verifier(service: "dynamodb").verify(request, now: Date(timeIntervalSince1970: 1_767_226_200)) { _ in "secret" }
        guard case .failure(let error) = result else {
            Issue.record("\(date) was accepted")
            return
        }
        #expect(error.code == .expired)
    }
}
