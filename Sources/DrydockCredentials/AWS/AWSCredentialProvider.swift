import DrydockCore
import DrydockCrypto
import Foundation

/// AWS credentials together with the instant they stop working, if they ever do.
public struct ExpiringAWSCredentials: Sendable, Equatable {
    public var credentials: AWSCredentials
    /// When the credentials expire; nil for long-term keys.
    public var expiration: Date?
    /// The provider that produced them, e.g. `environment` or `imds`.
    public var source: String

    public init(credentials: AWSCredentials, expiration: Date?, source: String) {
        self.credentials = credentials
        self.expiration = expiration
        self.source = source
    }

    /// Seconds of validity left at `now` (infinite when there is no expiration).
    public func remaining(at now: Date) -> Double {
        guard let expiration else { return .infinity }
        return expiration.timeIntervalSince(now)
    }
}

/// Something that supplies AWS credentials: the environment, the instance metadata service, or a chain.
///
/// Implementations are thread-safe; a provider whose credentials expire refreshes them itself, so callers
/// simply ask again before each signed request.
public protocol AWSCredentialProvider: Sendable {
    /// A short name for messages, e.g. `environment` or `imds`.
    var name: String { get }
    /// Current credentials and their expiry. Throws ``CredentialError`` when there are none.
    func expiringCredentials() throws -> ExpiringAWSCredentials
    /// Current credentials and their expiry, any network call for them (IMDS) ending by `deadline`: a
    /// fetch it cuts throws ``CredentialError/Code/awsCredentialsDeadlineReached``; cached credentials are
    /// served while valid. Nil: as ``expiringCredentials()``. Providers that make no network call need not
    /// implement it.
    func expiringCredentials(within deadline: AWSCallDeadline?) throws -> ExpiringAWSCredentials
    /// Current credentials. Throws ``CredentialError`` when there are none.
    func credentials() throws -> AWSCredentials
}

extension AWSCredentialProvider {
    public func credentials() throws -> AWSCredentials { try expiringCredentials().credentials }

    /// No network call to bound: the deadline changes nothing.
    public func expiringCredentials(within deadline: AWSCallDeadline?) throws -> ExpiringAWSCredentials {
        try expiringCredentials()
    }

    /// Current credentials, fetched within `deadline` (see ``expiringCredentials(within:)``).
    public func credentials(within deadline: AWSCallDeadline?) throws -> AWSCredentials {
        try expiringCredentials(within: deadline).credentials
    }
}

/// Receives non-fatal credential problems (a failed background refresh while cached credentials are still
/// valid) so a command can print them; never given secret values.
public typealias AWSCredentialWarningSink = @Sendable (String) -> Void
