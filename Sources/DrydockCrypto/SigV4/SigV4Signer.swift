import Foundation

/// Signs requests with AWS Signature Version 4, either in headers (`sign`) or in the query string
/// (`presign`, a presigned URL). The date is always passed in, so signatures are reproducible.
///
/// The options default to what the AWS SDKs do for `service`: every service but S3 normalises and
/// double-encodes the path; S3 does neither and sends `x-amz-content-sha256`.
public struct SigV4Signer: Sendable {
    public static let algorithm = "AWS4-HMAC-SHA256"
    /// Headers the SDKs never sign (botocore's blacklist, plus Authorization itself): proxies may
    /// change them on the way.
    static let unsignedHeaders: Set<String> = ["authorization", "user-agent", "x-amzn-trace-id", "expect", "transfer-encoding"]

    public let credentials: AWSCredentials
    public let region: String
    public let service: String
    /// Remove `.`/`..` and empty segments from the path before signing (false for S3).
    public var normalizePath: Bool
    /// Encode the already-encoded path once more (false for S3).
    public var doubleEncodePath: Bool
    /// Header signing adds and signs `x-amz-content-sha256` with the payload hash (true for S3).
    public var addContentSHA256Header: Bool
    /// Sign the payload as `UNSIGNED-PAYLOAD` instead of its SHA-256 (S3 presigned URLs, streaming).
    public var unsignedPayload: Bool
    /// Add the session token after signing, outside the signature (as IoT and some STS flows expect),
    /// instead of signing it.
    public var omitSessionTokenFromSignature: Bool

    public init(credentials: AWSCredentials, region: String, service: String) {
        self.credentials = credentials
        self.region = region
        self.service = service
        let isS3 = service == "s3"
        normalizePath = !isS3
        doubleEncodePath = !isS3
        addContentSHA256Header = isS3
        unsignedPayload = false
        omitSessionTokenFromSignature = false
    }

    /// `yyyyMMdd/region/service/aws4_request`.
    public func scope(date: Date) -> String {
        "\(SigV4Timestamp.day(date))/\(region)/\(service)/aws4_request"
    }

    /// The hex payload hash the canonical request ends with.
    func payloadHash(_ request: SigV4Request) -> String {
        unsignedPayload ? "UNSIGNED-PAYLOAD" : SHA256.hex(request.body)
    }

    /// Lowercase, unique, sorted names of the headers of `request` that get signed.
    static func signableHeaderNames(_ request: SigV4Request) -> [String] {
        Set(request.headers.map { $0.name.lowercased() }).subtracting(unsignedHeaders).sorted()
    }

    /// The hex signature of `canonicalRequest` made at `date`.
    func signature(canonicalRequest: String, date: Date) -> String {
        let key = Self.signingKey(
            secret: credentials.secretAccessKey, date: SigV4Timestamp.day(date), region: region, service: service)
        let toSign = Self.stringToSign(canonicalRequest: canonicalRequest, date: date, scope: scope(date: date))
        return Hex.encode(HMAC.sha256(key: key, message: toSign))
    }

    /// Adds X-Amz-Date, X-Amz-Security-Token (when a session token), x-amz-content-sha256 (when
    /// `addContentSHA256Header`) and Authorization (header signing). Existing copies of those headers
    /// are replaced; the other headers keep their order.
    public func sign(_ request: SigV4Request, date: Date) -> SigV4Request {
        var signed = request
        for name in ["authorization", "x-amz-date", "x-amz-security-token", "x-amz-content-sha256"] {
            signed.removeHeaders(name)
        }
        if let token = credentials.sessionToken { signed.headers.append(("X-Amz-Security-Token", token)) }
        signed.headers.append(("X-Amz-Date", SigV4Timestamp.format(date)))
        let hash = payloadHash(request)
        if addContentSHA256Header { signed.headers.append(("x-amz-content-sha256", hash)) }

        var names = Self.signableHeaderNames(signed)
        if omitSessionTokenFromSignature { names.removeAll { $0 == "x-amz-security-token" } }
        let canonical = Self.canonicalRequest(
            signed, signedHeaders: names, payloadHash: hash, normalizePath: normalizePath,
            doubleEncodePath: doubleEncodePath)
        let authorization = "\(Self.algorithm) Credential=\(credentials.accessKeyID)/\(scope(date: date)), "
            + "SignedHeaders=\(names.joined(separator: ";")), "
            + "Signature=\(signature(canonicalRequest: canonical, date: date))"
        signed.headers.append(("Authorization", authorization))
        return signed
    }

    /// Query signing (presigned URL): returns the request with X-Amz-Algorithm, X-Amz-Credential,
    /// X-Amz-Date, X-Amz-SignedHeaders, X-Amz-Expires, X-Amz-Security-Token (when a session token) and
    /// X-Amz-Signature appended to its query, in that order (as the AWS SDKs write them).
    public func presign(_ request: SigV4Request, date: Date, expires: Int) -> SigV4Request {
        var signed = request
        let names = Self.signableHeaderNames(request)
        var added = [
            ("X-Amz-Algorithm", Self.algorithm),
            ("X-Amz-Credential", "\(credentials.accessKeyID)/\(scope(date: date))"),
            ("X-Amz-Date", SigV4Timestamp.format(date)),
            ("X-Amz-SignedHeaders", names.joined(separator: ";")),
            ("X-Amz-Expires", String(expires)),
        ]
        let token = credentials.sessionToken.map { ("X-Amz-Security-Token", $0) }
        if let token, !omitSessionTokenFromSignature { added.append(token) }
        signed.query = Self.appending(added, to: request.query)

        let canonical = Self.canonicalRequest(
            signed, signedHeaders: names, payloadHash: payloadHash(request), normalizePath: normalizePath,
            doubleEncodePath: doubleEncodePath)
        let signature = signature(canonicalRequest: canonical, date: date)
        var after: [(String, String)] = []
        if let token, omitSessionTokenFromSignature { after.append(token) }
        after.append(("X-Amz-Signature", signature))
        signed.query = Self.appending(after, to: signed.query)
        return signed
    }

    static func appending(_ parameters: [(String, String)], to query: String) -> String {
        let encoded = parameters.map { SigV4Encoding.encode($0.0.utf8) + "=" + SigV4Encoding.encode($0.1.utf8) }
        return ([query].filter { !$0.isEmpty } + encoded).joined(separator: "&")
    }
}
