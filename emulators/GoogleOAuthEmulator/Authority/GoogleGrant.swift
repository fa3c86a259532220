import Foundation

/// An access token the emulator issued, and what it grants: the answer to "who is calling, with which
/// scopes?" that Gmail, Sheets and tokeninfo ask the authority.
public struct GoogleGrant: Sendable, Equatable {
    /// `ya29.…`.
    public let accessToken: String
    public let clientID: String
    public let scopes: [String]
    /// The account the token acts for.
    public let email: String
    /// The account's stable numeric id.
    public let subject: String
    /// The refresh token it was minted from; revoking that revokes this.
    public let refreshToken: String
    public let issuedAt: Date
    public internal(set) var expiresAt: Date

    /// Whether the token carries at least one of `scopes`.
    public func hasAnyScope(_ scopes: some Sequence<String>) -> Bool {
        scopes.contains { self.scopes.contains($0) }
    }

    /// Whole seconds left before expiry at `now` (never negative).
    public func secondsRemaining(at now: Date) -> Int {
        max(0, Int(expiresAt.timeIntervalSince(now).rounded(.down)))
    }
}

/// Why a bearer token was refused. A struct with a code, not an enum, so new reasons break no caller.
public struct BearerRejection: Error, Sendable, Equatable, CustomStringConvertible {
    public struct Reason: Hashable, Sendable, CustomStringConvertible {
        let name: String
        /// No `Authorization` header and no `access_token` parameter.
        public static let missing = Reason(name: "missing")
        /// An Authorization header that is not `Bearer <token>`.
        public static let malformed = Reason(name: "malformed")
        /// A token the emulator never issued (or forgot at reset).
        public static let unknown = Reason(name: "unknown")
        public static let expired = Reason(name: "expired")
        /// The token, or the refresh token it came from, was revoked.
        public static let revoked = Reason(name: "revoked")
        public var description: String { name }
    }

    public let reason: Reason

    public init(_ reason: Reason) { self.reason = reason }

    public var description: String { "bearer token rejected: \(reason)" }
}
