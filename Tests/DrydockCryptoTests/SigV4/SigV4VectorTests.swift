import DrydockCrypto
import Foundation
import Testing

/// The AWS SigV4 test suite, stage by stage, for header signing and query signing.
@Suite struct SigV4VectorTests {
    @Test func suiteIsPresent() {
        #expect(SigV4Vector.names != [SigV4Vector.missingSentinel], Comment(rawValue: SigV4Vector.missingMessage))
        #expect(SigV4Vector.names.count >= 38, "expected the 38 folders of the suite in \(SigV4Vector.directory.path)")
    }

    @Test(arguments: SigV4Vector.names)
    func headerSigning(name: String) throws {
        let vector = try SigV4Vector.load(name)
        let signed = vector.signer.sign(vector.request, date: vector.date)
        let authorization = try SigV4Authorization.parse(try #require(signed.header("Authorization")))

        let canonical = SigV4Signer.canonicalRequest(
            signed, signedHeaders: authorization.signedHeaders, payloadHash: SHA256.hex(vector.request.body),
            normalizePath: vector.normalize)
        #expect(canonical == (try vector.expected("header-canonical-request.txt")))
        let scope = "20150830/\(vector.region)/\(vector.service)/aws4_request"
        #expect(authorization.scope == scope)
        let toSign = SigV4Signer.stringToSign(canonicalRequest: canonical, date: vector.date, scope: scope)
        #expect(toSign == (try vector.expected("header-string-to-sign.txt")))
        let expectedSignature = try vector.expected("header-signature.txt")
        #expect(authorization.signature == expectedSignature)
        let key = SigV4Signer.signingKey(
            secret: vector.credentials.secretAccessKey, date: "20150830", region: vector.region, service: vector.service)
        #expect(Hex.encode(HMAC.sha256(key: key, message: toSign)) == expectedSignature)
        #expect(SigV4Vector.render(signed) == (try vector.expected("header-signed-request.txt")))
    }

    @Test(arguments: SigV4Vector.names)
    func querySigning(name: String) throws {
        let vector = try SigV4Vector.load(name)
        let signed = vector.signer.presign(vector.request, date: vector.date, expires: vector.expires)

        // The canonical request covers the query without X-Amz-Signature (and without an omitted token).
        let parameters = signed.query.split(separator: "&").map(String.init)
        let signature = try #require(parameters.last { $0.hasPrefix("X-Amz-Signature=") }).dropFirst("X-Amz-Signature=".count)
        let signedQuery = parameters.filter {
            !$0.hasPrefix("X-Amz-Signature=") && !(vector.omitSessionToken && $0.hasPrefix("X-Amz-Security-Token="))
        }.joined(separator: "&")
        let signedHeaders = try #require(parameters.first { $0.hasPrefix("X-Amz-SignedHeaders=") })
            .dropFirst("X-Amz-SignedHeaders=".count).replacingOccurrences(of: "%3B", with: ";")
        var unsigned = signed
        unsigned.query = signedQuery

        let canonical = SigV4Signer.canonicalRequest(
            unsigned, signedHeaders: signedHeaders.split(separator: ";").map(String.init),
            payloadHash: SHA256.hex(vector.request.body), normalizePath: vector.normalize)
        #expect(canonical == (try vector.expected("query-canonical-request.txt")))
        let toSign = SigV4Signer.stringToSign(
            canonicalRequest: canonical, date: vector.date, scope: vector.signer.scope(date: vector.date))
        #expect(toSign == (try vector.expected("query-string-to-sign.txt")))
        #expect(String(signature) == (try vector.expected("query-signature.txt")))
        #expect(SigV4Vector.render(signed) == (try vector.expected("query-signed-request.txt")))
    }

    /// The verifier accepts every vector's header-signed request at the vector's own time.
    @Test(arguments: SigV4Vector.names)
    func verifierAcceptsSignedRequest(name: String) throws {
        let vector = try SigV4Vector.load(name)
        let signed = vector.signer.sign(vector.request, date: vector.date)
        let result = vector.verifier.verify(signed, now: vector.date) {
            $0 == vector.credentials.accessKeyID ? vector.credentials.secretAccessKey : nil
        }
        let authorization = try result.get()
        #expect(authorization.accessKeyID == "AKIDEXAMPLE")
        #expect(authorization.region == vector.region)
        #expect(authorization.date == "20150830")
        #expect(authorization.signature == (try vector.expected("header-signature.txt")))
    }

    /// … and also the expected signed request text itself, parsed back from the suite's file.
    @Test(arguments: SigV4Vector.names)
    func verifierAcceptsSuiteSignedRequest(name: String) throws {
        let vector = try SigV4Vector.load(name)
        let signed = try SigV4Vector.parseRequest(try vector.expected("header-signed-request.txt"), name: name)
        let result = vector.verifier.verify(signed, now: vector.date) { _ in vector.credentials.secretAccessKey }
        #expect(throws: Never.self) { try result.get() }
    }
}
