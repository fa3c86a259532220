import DrydockCore
import DrydockCrypto
import DrydockHTTP
import Foundation
import Synchronization

/// Role credentials from the EC2 instance metadata service, cached and refreshed ahead of expiry.
///
/// Fetching follows botocore's `InstanceMetadataFetcher`: an IMDSv2 token (or IMDSv1 fallback), then
/// `GET /latest/meta-data/iam/security-credentials/` for the role name and `…/<role>` for the credentials.
///
/// Refreshing follows botocore's `RefreshableCredentials` (confirmed: 15-minute advisory, 10-minute mandatory
/// windows). With more than 15 minutes left the cached credentials are returned untouched. Inside the
/// advisory window one caller tries a refresh (others keep using the cache) and a failure only warns.
/// Inside the mandatory window every caller waits for a refresh. Static stability: when a refresh fails
/// (IMDS down, or serving garbage) while the cached credentials are still valid they are kept and the
/// failure goes to the warning sink; only once they have expired does the failure become an error.
/// Credentials IMDS serves already expired (a rotation landing between its cache and ours) are asked for
/// once more at once; only a second expired set is an error.
public final class IMDSCredentialProvider: AWSCredentialProvider {
    /// Seconds before expiry at which a refresh is attempted but may fail.
    public static let advisoryRefreshWindow: Double = 15 * 60
    /// Seconds before expiry at which a refresh is required.
    public static let mandatoryRefreshWindow: Double = 10 * 60

    static let rolePath = "latest/meta-data/iam/security-credentials/"

    public var name: String { "imds" }
    private let session: Result<IMDSSession, CredentialError>
    private let clock: any WallClock
    private let warn: AWSCredentialWarningSink
    private let cache = Mutex<ExpiringAWSCredentials?>(nil)
    /// Held while a refresh is in flight, so concurrent callers share one round of IMDS requests.
    private let refreshGate = Mutex<Void>(())

    public init(
        configuration: IMDSConfiguration, transport: any HTTPTransport, clock: any WallClock,
        warnings: @escaping AWSCredentialWarningSink = { _ in }
    ) {
        session = .success(IMDSSession(configuration: configuration, transport: transport, clock: clock))
        self.clock = clock
        warn = warnings
    }

    /// Reads the IMDS settings from `environment`; an invalid setting is reported when credentials are
    /// first requested, so building a chain never fails.
    public init(
        environment: Environment, transport: any HTTPTransport, clock: any WallClock,
        warnings: @escaping AWSCredentialWarningSink = { _ in }
    ) {
        do {
            let configuration = try IMDSConfiguration(environment: environment)
            session = .success(IMDSSession(configuration: configuration, transport: transport, clock: clock))
        } catch let error as CredentialError {
            session = .failure(error)
        } catch {
            session = .failure(CredentialError(code: .imdsEndpointInvalid, message: "\(error)"))
        }
        self.clock = clock
        warn = warnings
    }

    /// The IMDS settings in use, or nil when they were invalid.
    public var configuration: IMDSConfiguration? { try? session.get().configuration }

    public func expiringCredentials() throws -> ExpiringAWSCredentials { try expiringCredentials(within: nil) }

    /// As ``expiringCredentials()``, every IMDS request of a refresh ending by `deadline` (its timeout cut
    /// to the time left; none sent past it). Cached credentials are served while valid, a cut refresh
    /// then only warns; without them the cut is ``CredentialError/Code/awsCredentialsDeadlineReached``.
    public func expiringCredentials(within deadline: AWSCallDeadline?) throws -> ExpiringAWSCredentials {
        let cached = cache.withLock { $0 }
        if let cached, cached.remaining(at: clock.now()) >= Self.advisoryRefreshWindow { return cached }
        if let cached, cached.remaining(at: clock.now()) >= Self.mandatoryRefreshWindow {
            // Advisory: refresh only if nobody else is; never fail while the cache is valid.
            let refreshed = refreshGate.withLockIfAvailable { _ in try? refresh(replacing: cached, within: deadline) }
            return (refreshed ?? nil) ?? cached
        }
        return try refreshGate.withLock { _ in
            let current = cache.withLock { $0 }
            if let current, current.remaining(at: clock.now()) >= Self.mandatoryRefreshWindow { return current }
            return try refresh(replacing: current, within: deadline)
        }
    }

    /// Fetches new credentials; on failure keeps still-valid `cached` ones with a warning.
    /// Called with `refreshGate` held.
    private func refresh(replacing cached: ExpiringAWSCredentials?, within deadline: AWSCallDeadline?) throws -> ExpiringAWSCredentials {
        let failure: CredentialError
        do {
            var fresh = try fetch(within: deadline)
            if fresh.remaining(at: clock.now()) <= 0 { fresh = try fetch(within: deadline) }
            if fresh.remaining(at: clock.now()) > 0 {
                cache.withLock { $0 = fresh }
                return fresh
            }
            failure = CredentialError(
                code: .imdsInvalidResponse,
                message: "IMDS returned credentials that already expired at \(Self.format(fresh.expiration))")
        } catch let error as CredentialError {
            failure = error
        }
        let now = clock.now()
        if let cached, cached.remaining(at: now) > 0 {
            let minutes = Int((cached.remaining(at: now) / 60).rounded(.down))
            warn("could not refresh AWS credentials from IMDS (\(failure.message)); still using cached "
                + "credentials, which expire at \(Self.format(cached.expiration)) (in \(minutes) min)")
            return cached
        }
        if let cached {
            throw CredentialError(
                code: .awsCredentialsExpired,
                message: "AWS credentials from IMDS expired at \(Self.format(cached.expiration)) and could not "
                    + "be refreshed: \(failure.message)")
        }
        throw failure
    }

    /// One full round against IMDS: role name, then that role's credentials.
    private func fetch(within deadline: AWSCallDeadline?) throws -> ExpiringAWSCredentials {
        let session = try session.get()
        guard !session.configuration.disabled else {
            throw CredentialError(code: .imdsDisabled, message: "IMDS is disabled by AWS_EC2_METADATA_DISABLED=true")
        }
        let listing = try session.get(Self.rolePath, within: deadline) { response in
            if response.status != 200 { return "answered \(response.status)" }
            return response.body.isEmpty ? "answered 200 with an empty role list" : nil
        }
        let role = listing.bodyText.split(whereSeparator: \.isNewline)
            .map { $0.trimmingCharacters(in: .whitespaces) }.first { !$0.isEmpty }
        guard let role else {
            throw CredentialError(
                code: .imdsNoRole,
                message: "IMDS at \(session.configuration.endpoint) lists no IAM role for this instance")
        }
        let path = Self.rolePath + role
        let document = try session.get(path, within: deadline) { IMDSCredentialDocument.problem($0.status, $0.body) }
        return try IMDSCredentialDocument.parse(document.body, role: role, url: session.configuration.url(path))
    }

    private static func format(_ date: Date?) -> String { date.map(RFC3339.string(from:)) ?? "never" }
}
