import DrydockCrypto
import DrydockHTTP
import Foundation

/// The keys an AWS emulator accepts (static long-term keys, and the temporary keys the IMDS emulator
/// issued) and the SigV4 check of a request against them, shared by the emulators that verify
/// signatures; each turns a failure into its own service's error.
public struct AWSRequestKeys: Sendable {
    /// Why a request was refused.
    public enum Failure: Error, Sendable {
        /// The signature check failed (missing, malformed, mis-scoped, skewed, mismatched, unknown key).
        case signature(SigV4Error)
        /// An IMDS-issued key past its expiration.
        case expiredToken
        /// An IMDS-issued key without its own session token.
        case invalidToken
    }

    /// Long-term keys: access key id → secret.
    public let staticKeys: [String: String]
    public let authority: IMDSCredentialAuthority?

    public init(staticKeys: [String: String], authority: IMDSCredentialAuthority?) {
        self.staticKeys = staticKeys
        self.authority = authority
    }

    /// What `lookup` found for an access key.
    public enum Lookup: Sendable {
        case found(secret: String)
        case unknown
        case expiredToken
        case invalidToken
    }

    /// The secret of `accessKeyID`, checking an issued key's session token and expiry first (S3's
    /// order: it verifies the signature, and each aws-chunked chunk's, with the secret it gets here).
    public func lookup(_ accessKeyID: String, sessionToken: String?, now: Date) -> Lookup {
        if let secret = staticKeys[accessKeyID] { return .found(secret: secret) }
        guard let issued = authority?.secret(forAccessKey: accessKeyID, now: now) else { return .unknown }
        if issued.isExpired(at: now) { return .expiredToken }
        guard sessionToken == issued.sessionToken else { return .invalidToken }
        return .found(secret: issued.secretAccessKey)
    }

    /// Checks `request`'s signature with `verifier` against these keys at `now` (the signature first,
    /// then an issued key's expiry and session token, as DynamoDB and CloudFront answer).
    public func check(_ request: HTTPRequest, with verifier: SigV4Verifier, now: Date) -> Failure? {
        let signed = SigV4Request(
            method: request.method, path: request.rawPath, query: request.rawQuery,
            headers: request.headers.fields.map { (name: $0.name, value: $0.value) }, body: request.body)
        var issued: IssuedKey?
        let result = verifier.verify(signed, now: now) { accessKey in
            if let secret = staticKeys[accessKey] { return secret }
            issued = authority?.secret(forAccessKey: accessKey, now: now)
            return issued?.secretAccessKey
        }
        switch result {
        case .failure(let error): return .signature(error)
        case .success:
            guard let issued else { return nil }
            if issued.isExpired(at: now) { return .expiredToken }
            if request.headers["X-Amz-Security-Token"] != issued.sessionToken { return .invalidToken }
            return nil
        }
    }
}
