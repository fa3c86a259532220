import DrydockCrypto

/// What a verified signature gives the rest of the request: who signed, in which scope, and the key
/// that continues the chain of an aws-chunked body.
struct S3Signature: Sendable {
    let accessKeyID: String
    let region: String
    let timestamp: String
    let scope: String
    /// The derived signing key, prepared for HMAC (from `SigningKeyCache`: derived once per key and day).
    let signingKey: HMACKey
    let signature: String
    /// True for a presigned URL (query authentication).
    let presigned: Bool
}
