import Foundation

/// The three stages of SigV4, public so tests can check each one and the verifier can recompute them.
extension SigV4Signer {
    /// The canonical request: method, canonical URI, canonical query, canonical headers, the signed
    /// header list and the payload hash, separated by newlines.
    ///
    /// `signedHeaders` are used in the order given (lowercased); the signer passes them sorted, the
    /// verifier as the Authorization header lists them. `doubleEncodePath` is false only for S3.
    public static func canonicalRequest(
        _ request: SigV4Request, signedHeaders: [String], payloadHash: String, normalizePath: Bool,
        doubleEncodePath: Bool = true
    ) -> String {
        let names = signedHeaders.map { $0.lowercased() }
        return [
            request.method,
            SigV4Canonical.uri(request.path, normalize: normalizePath, doubleEncode: doubleEncodePath),
            SigV4Canonical.query(request.query),
            SigV4Canonical.headers(request, signedHeaders: names),
            names.joined(separator: ";"),
            payloadHash,
        ].joined(separator: "\n")
    }

    /// `AWS4-HMAC-SHA256`, the timestamp, the credential scope and the hex SHA-256 of the canonical
    /// request, separated by newlines.
    public static func stringToSign(canonicalRequest: String, date: Date, scope: String) -> String {
        [algorithm, SigV4Timestamp.format(date), scope, SHA256.hex(canonicalRequest)].joined(separator: "\n")
    }

    /// The signing key: HMAC chain of `"AWS4" + secret` over date (`yyyyMMdd`), region, service and
    /// `aws4_request`.
    public static func signingKey(secret: String, date: String, region: String, service: String) -> [UInt8] {
        var key = Array(("AWS4" + secret).utf8)
        for part in [date, region, service, "aws4_request"] {
            key = HMAC.sha256(key: key, message: part)
        }
        return key
    }
}
