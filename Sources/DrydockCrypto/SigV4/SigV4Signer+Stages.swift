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
        String(decoding: canonicalRequestBytes(
            request, signedHeaders: signedHeaders, payloadHash: payloadHash, normalizePath: normalizePath,
            doubleEncodePath: doubleEncodePath), as: UTF8.self)
    }

    /// `canonicalRequest` as the UTF-8 bytes that get hashed, written into one buffer (the verifier runs
    /// this on every request; joining Strings cost it a sixth of its time).
    static func canonicalRequestBytes(
        _ request: SigV4Request, signedHeaders: [String], payloadHash: String, normalizePath: Bool,
        doubleEncodePath: Bool = true
    ) -> [UInt8] {
        let names = signedHeaders.map(SigV4Canonical.asciiLowercased)
        var out: [UInt8] = []
        out.reserveCapacity(256 + request.headers.reduce(0) { $0 + $1.name.utf8.count + $1.value.utf8.count + 2 })
        let newline = UInt8(ascii: "\n")
        out.append(contentsOf: request.method.utf8)
        out.append(newline)
        out.append(contentsOf: SigV4Canonical.uri(request.path, normalize: normalizePath, doubleEncode: doubleEncodePath).utf8)
        out.append(newline)
        if !request.query.isEmpty { out.append(contentsOf: SigV4Canonical.query(request.query).utf8) }
        out.append(newline)
        SigV4Canonical.writeHeaders(request, signedHeaders: names, to: &out)
        out.append(newline)
        for (index, name) in names.enumerated() {
            if index > 0 { out.append(UInt8(ascii: ";")) }
            out.append(contentsOf: name.utf8)
        }
        out.append(newline)
        out.append(contentsOf: payloadHash.utf8)
        return out
    }

    /// `AWS4-HMAC-SHA256`, the timestamp, the credential scope and the hex SHA-256 of the canonical
    /// request, separated by newlines.
    public static func stringToSign(canonicalRequest: String, date: Date, scope: String) -> String {
        stringToSign(canonicalRequestHash: SHA256.hex(canonicalRequest), timestamp: SigV4Timestamp.format(date), scope: scope)
    }

    /// `stringToSign` from the canonical request's hex hash and the `yyyyMMdd'T'HHmmss'Z'` timestamp.
    static func stringToSign(canonicalRequestHash: String, timestamp: String, scope: String) -> String {
        algorithm + "\n" + timestamp + "\n" + scope + "\n" + canonicalRequestHash
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
