import DrydockCrypto
import DrydockHTTP
import Foundation
import IMDSEmulator

/// What a verified signature gives the rest of the request: who signed, in which scope, and the key
/// that continues the chain of an aws-chunked body.
struct S3Signature: Sendable {
    let accessKeyID: String
    let region: String
    let timestamp: String
    let scope: String
    let signingKey: [UInt8]
    let signature: String
    /// True for a presigned URL (query authentication).
    let presigned: Bool
}

/// The keys S3 accepts: long-term keys from `s3/credentials.json` (`{"accessKeys": {id: secret}}`) and
/// the temporary keys the IMDS emulator issued (with their session tokens).
struct S3KeyStore: Sendable {
    let staticKeys: [String: String]
    let authority: IMDSCredentialAuthority?

    enum Lookup {
        case found(secret: String)
        case unknown
        case expiredToken
        case invalidToken
    }

    /// The secret of `accessKeyID`, checking an issued key's session token and expiry.
    func lookup(_ accessKeyID: String, sessionToken: String?, now: Date) -> Lookup {
        if let secret = staticKeys[accessKeyID] { return .found(secret: secret) }
        guard let issued = authority?.secret(forAccessKey: accessKeyID, now: now) else { return .unknown }
        if issued.isExpired(at: now) { return .expiredToken }
        guard sessionToken == issued.sessionToken else { return .invalidToken }
        return .found(secret: issued.secretAccessKey)
    }
}
