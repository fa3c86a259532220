import Foundation

/// A refresh token a user granted to a client: what it allows, for whom, and since when.
public struct RefreshTokenRecord: Sendable, Equatable {
    /// `1//0…`.
    public var token: String
    /// The account that consented, e.g. `bookings@harbor-charters.example`.
    public var email: String
    /// The granted scopes, in the order Google reports them.
    public var scopes: [String]
    /// When consent was given; testing-status clients' tokens expire 7 days later.
    public var issuedAt: Date
    /// Revoked in the fixture (the user removed access before the emulator started).
    public var revoked: Bool
    /// The account's stable numeric id (`sub` in tokeninfo).
    public var subject: String

    public init(token: String, email: String, scopes: [String], issuedAt: Date, revoked: Bool = false, subject: String? = nil) {
        self.token = token
        self.email = email
        self.scopes = scopes
        self.issuedAt = issuedAt
        self.revoked = revoked
        self.subject = subject ?? RefreshTokenRecord.subject(for: email)
    }

    /// A stable 21-digit account id derived from the email, shaped like Google's `sub` values.
    static func subject(for email: String) -> String {
        var hash: UInt64 = 0xCBF2_9CE4_8422_2325
        for byte in email.lowercased().utf8 {
            hash = (hash ^ UInt64(byte)) &* 0x0100_0000_01B3
        }
        let digits = String(hash % 100_000_000_000_000_000)
        return "1" + String(repeating: "0", count: 20 - digits.count) + digits
    }
}

/// Scope strings with special meaning to the emulators.
public enum GoogleScopes {
    /// Sign-in scopes: refresh tokens carrying only these never expire for testing-status clients.
    public static let signIn: Set<String> = [
        "openid", "email", "profile",
        "https://www.googleapis.com/auth/userinfo.email",
        "https://www.googleapis.com/auth/userinfo.profile",
    ]

    /// Scopes that make tokeninfo report `email` and `email_verified`.
    static let email: Set<String> = ["email", "https://www.googleapis.com/auth/userinfo.email"]

    /// Splits a space-separated `scope` value, dropping empty parts.
    public static func split(_ text: String) -> [String] {
        text.split(whereSeparator: { $0 == " " || $0 == "\t" || $0 == "\n" }).map(String.init)
    }
}
