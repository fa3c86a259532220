import DrydockHTTP
import Foundation

/// Decides whether a DynamoDB request is properly signed. The emulator asks it before running any
/// action; a non-nil answer is returned to the caller as is.
public protocol RequestAuthenticator: Sendable {
    /// nil when `request` may proceed, else DynamoDB's error for it
    /// (`MissingAuthenticationTokenException`, `InvalidSignatureException`, `UnrecognizedClientException`).
    func authenticate(_ request: HTTPRequest, now: Date) -> DynamoDBError?
}

/// Accepts every request: signature checking off (tests of everything but signing, and a
/// `--no-sigv4` style mode).
public struct AcceptAllAuthenticator: RequestAuthenticator {
    public init() {}
    public func authenticate(_ request: HTTPRequest, now: Date) -> DynamoDBError? { nil }
}
