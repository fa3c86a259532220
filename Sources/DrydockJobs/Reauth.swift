import DrydockCore
import DrydockCredentials
import Foundation

/// `drydock reauth`: validate the secrets directory, then make sure a fresh token is cached, through the
/// same single-flight path every job uses.
public enum Reauth {
    /// What happened.
    public struct Result: Sendable {
        public let token: CachedToken
        /// False when another process (or a still-fresh cache) supplied the token.
        public let refreshed: Bool
        public let now: Date

        public var summary: String {
            let minutes = Int(token.expiresIn(at: now) / 60)
            let what = refreshed ? "token refreshed" : "cached token still valid, no refresh needed"
            return "\(what); expires at \(RFC3339.string(from: token.expiresAt)) (in \(minutes) min)"
        }
    }

    /// - Parameter force: refresh even when the cached token is still fresh.
    public static func run(session: GoogleSession, force: Bool) throws -> Result {
        try session.store.validateDirectory()
        let outcome = try session.refresher.refresh(rejecting: nil, force: force)
        return Result(token: outcome.token, refreshed: outcome.requestSent, now: session.clock.now())
    }
}
