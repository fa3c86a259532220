import DrydockCore
import DrydockCrypto
import DrydockHTTP
import Foundation
import IMDSEmulator

/// Verifies SigV4 for service `s3` the way S3 does: header authentication (`Authorization`) and query
/// authentication (presigned URLs), S3's canonical URI (no normalisation, no double encoding), the
/// declared `x-amz-content-sha256` as the payload hash, and S3's XML errors (403 for signatures and
/// keys, 400 for malformed headers, `RequestTimeTooSkewed` after 15 minutes).
struct S3Authenticator: Sendable {
    let keys: AWSRequestKeys
    /// Derived signing keys, shared with the other AWS emulators' verifiers (the four-HMAC chain runs
    /// once per secret, day and region, not per request).
    var signingKeys: SigningKeyCache = .shared
    /// Allowed clock difference for header authentication, in seconds.
    var maxSkew: Double = 900

    /// The verified signature, or S3's error. An anonymous request is `AccessDenied` (every bucket here
    /// is private).
    func authenticate(_ request: HTTPRequest, now: Date) throws(S3Error) -> S3Signature {
        if request.headers["Authorization"] != nil { return try headerAuthenticated(request, now: now) }
        if request.query("X-Amz-Algorithm") != nil || request.query("X-Amz-Signature") != nil {
            return try queryAuthenticated(request, now: now)
        }
        throw .accessDenied
    }

    private func headerAuthenticated(_ request: HTTPRequest, now: Date) throws(S3Error) -> S3Signature {
        let header = request.headers["Authorization"] ?? ""
        let authorization: SigV4Authorization
        do {
            authorization = try SigV4Authorization.parse(header)
        } catch {
            throw S3Error(code: "AuthorizationHeaderMalformed", message: "The authorization header is malformed; \(error.message)", status: 400)
        }
        guard authorization.service == "s3", authorization.terminator == "aws4_request" else {
            throw S3Error(
                code: "AuthorizationHeaderMalformed",
                message: "The authorization header is malformed; incorrect service \"\(authorization.service)\". This endpoint belongs to \"s3\".",
                status: 400)
        }
        guard let timestamp = request.headers["x-amz-date"], let date = SigV4Timestamp.parse(timestamp) else {
            throw S3Error(code: "AccessDenied", message: "AWS authentication requires a valid Date or x-amz-date header", status: 403)
        }
        guard authorization.date == String(timestamp.prefix(8)) else {
            throw S3Error(
                code: "AuthorizationHeaderMalformed",
                message: "The authorization header is malformed; Invalid credential date. Date is not the same as X-Amz-Date.",
                status: 400)
        }
        if abs(date.timeIntervalSince(now)) > maxSkew { throw Self.skewed(date, now: now, maxSkew: maxSkew) }
        guard let declared = request.headers["x-amz-content-sha256"] else {
            throw S3Error.invalidRequest("Missing required header for this request: x-amz-content-sha256")
        }
        guard PayloadMode(declared) != nil else { throw S3Error.invalidContentSHA256 }
        let secret = try secret(authorization.accessKeyID, sessionToken: request.headers["x-amz-security-token"], now: now)
        let signed = SigV4Request(
            method: request.method, path: request.rawPath, query: request.rawQuery,
            headers: request.headers.fields.map { (name: $0.name, value: $0.value) }, body: [])
        return try check(
            signed, authorization: authorization, payloadHash: declared, date: date, timestamp: timestamp,
            secret: secret, presigned: false)
    }

    private func queryAuthenticated(_ request: HTTPRequest, now: Date) throws(S3Error) -> S3Signature {
        let items = request.queryItems
        func value(_ name: String) -> String? { items.first { $0.name == name }?.value }
        guard let algorithm = value("X-Amz-Algorithm"), let credential = value("X-Amz-Credential"),
              let signature = value("X-Amz-Signature"), let timestamp = value("X-Amz-Date"),
              let signedHeaders = value("X-Amz-SignedHeaders"), let expiresText = value("X-Amz-Expires")
        else {
            throw S3Error(
                code: "AuthorizationQueryParametersError",
                message: "Query-string authentication version 4 requires the X-Amz-Algorithm, X-Amz-Credential, X-Amz-Signature, X-Amz-Date, X-Amz-SignedHeaders, and X-Amz-Expires parameters.",
                status: 400)
        }
        guard algorithm == SigV4Signer.algorithm else {
            throw S3Error(code: "AuthorizationQueryParametersError", message: "X-Amz-Algorithm only supports \"AWS4-HMAC-SHA256\"", status: 400)
        }
        let header = "\(algorithm) Credential=\(credential), SignedHeaders=\(signedHeaders), Signature=\(signature)"
        guard let authorization = try? SigV4Authorization.parse(header), authorization.service == "s3",
              let date = SigV4Timestamp.parse(timestamp)
        else {
            throw S3Error(code: "AuthorizationQueryParametersError", message: "Error parsing the X-Amz-Credential parameter; the Credential is mal-formed; expecting \"<YOUR-AKID>/YYYYMMDD/REGION/SERVICE/aws4_request\".", status: 400)
        }
        guard let expires = Int(expiresText), expires >= 1, expires <= 604_800 else {
            throw S3Error(code: "AuthorizationQueryParametersError",
                          message: "X-Amz-Expires must be less than a week (in seconds) that is 604800", status: 400)
        }
        if now > date.addingTimeInterval(Double(expires)) {
            throw S3Error(code: "AccessDenied", message: "Request has expired", status: 403, details: [
                ("X-Amz-Expires", expiresText), ("Expires", Self.iso(date.addingTimeInterval(Double(expires)))), ("ServerTime", Self.iso(now)),
            ])
        }
        if date > now.addingTimeInterval(maxSkew) { throw Self.skewed(date, now: now, maxSkew: maxSkew) }
        let secret = try secret(authorization.accessKeyID, sessionToken: value("X-Amz-Security-Token"), now: now)
        // The canonical query is the URL's without the signature itself.
        let query = request.rawQuery.split(separator: "&").filter { !$0.hasPrefix("X-Amz-Signature=") }.joined(separator: "&")
        let signed = SigV4Request(
            method: request.method, path: request.rawPath, query: query,
            headers: request.headers.fields.map { (name: $0.name, value: $0.value) }, body: [])
        let payloadHash = request.headers["x-amz-content-sha256"] ?? "UNSIGNED-PAYLOAD"
        return try check(signed, authorization: authorization, payloadHash: payloadHash, date: date, timestamp: timestamp,
                         secret: secret, presigned: true)
    }

    private func check(
        _ signed: SigV4Request, authorization: SigV4Authorization, payloadHash: String, date: Date, timestamp: String,
        secret: String, presigned: Bool
    ) throws(S3Error) -> S3Signature {
        let canonical = SigV4Signer.canonicalRequest(
            signed, signedHeaders: authorization.signedHeaders, payloadHash: payloadHash, normalizePath: false, doubleEncodePath: false)
        let toSign = SigV4Signer.stringToSign(canonicalRequest: canonical, date: date, scope: authorization.scope)
        let key = signingKeys.key(secret: secret, date: authorization.date, region: authorization.region, service: "s3")
        let expected = Hex.encode(key.sha256(toSign))
        guard !SigV4Verifier.repeatsAName(authorization.signedHeaders),
              ConstantTime.equals(expected, authorization.signature.lowercased())
        else {
            throw S3Error(
                code: "SignatureDoesNotMatch",
                message: "The request signature we calculated does not match the signature you provided. Check your key and signing method.",
                status: 403,
                details: [
                    ("AWSAccessKeyId", authorization.accessKeyID), ("StringToSign", toSign),
                    ("SignatureProvided", authorization.signature), ("StringToSignBytes", Self.spacedHex(toSign)),
                    ("CanonicalRequest", canonical), ("CanonicalRequestBytes", Self.spacedHex(canonical)),
                ])
        }
        return S3Signature(
            accessKeyID: authorization.accessKeyID, region: authorization.region, timestamp: timestamp,
            scope: authorization.scope, signingKey: key, signature: expected, presigned: presigned)
    }

    private func secret(_ accessKeyID: String, sessionToken: String?, now: Date) throws(S3Error) -> String {
        switch keys.lookup(accessKeyID, sessionToken: sessionToken, now: now) {
        case .found(let secret): return secret
        case .unknown:
            throw S3Error(code: "InvalidAccessKeyId", message: "The AWS Access Key Id you provided does not exist in our records.",
                          status: 403, details: [("AWSAccessKeyId", accessKeyID)])
        case .expiredToken:
            throw S3Error(code: "ExpiredToken", message: "The provided token has expired.", status: 400)
        case .invalidToken:
            throw S3Error(code: "InvalidToken", message: "The provided token is malformed or otherwise invalid.", status: 400)
        }
    }

    static func skewed(_ date: Date, now: Date, maxSkew: Double) -> S3Error {
        S3Error(code: "RequestTimeTooSkewed", message: "The difference between the request time and the current time is too large.",
                status: 403, details: [("RequestTime", SigV4Timestamp.format(date)), ("ServerTime", iso(now)),
                                       ("MaxAllowedSkewMilliseconds", String(Int(maxSkew * 1000)))])
    }

    /// `2026-12-05T19:00:00Z`, as S3 writes times in error details.
    static func iso(_ date: Date) -> String { RFC3339.string(from: date) }

    /// `41 57 53 34 …`: S3's byte dump of the string to sign in a SignatureDoesNotMatch.
    static func spacedHex(_ text: String) -> String {
        text.utf8.map { byte in
            let hex = String(byte, radix: 16)
            return hex.count == 1 ? "0" + hex : hex
        }.joined(separator: " ")
    }
}

/// The payload a request declares in `x-amz-content-sha256`.
enum PayloadMode: Equatable {
    case hash(String)
    case unsigned
    case streamingSigned(trailer: Bool)
    case streamingUnsignedTrailer

    init?(_ declared: String) {
        switch declared {
        case "UNSIGNED-PAYLOAD": self = .unsigned
        case "STREAMING-AWS4-HMAC-SHA256-PAYLOAD": self = .streamingSigned(trailer: false)
        case "STREAMING-AWS4-HMAC-SHA256-PAYLOAD-TRAILER": self = .streamingSigned(trailer: true)
        case "STREAMING-UNSIGNED-PAYLOAD-TRAILER": self = .streamingUnsignedTrailer
        default:
            guard declared.utf8.count == 64, declared.utf8.allSatisfy({ ($0 >= 0x30 && $0 <= 0x39) || ($0 >= 0x61 && $0 <= 0x66) })
            else { return nil }
            self = .hash(declared)
        }
    }
}
