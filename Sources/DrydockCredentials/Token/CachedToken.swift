import DrydockCore
import Foundation

/// The access token every job on a host shares, cached in `google_token.json`.
///
/// Schema (one JSON object; timestamps are RFC 3339 in UTC, whole seconds):
///
/// ```json
/// {
///   "access_token": "ya29.a0…",
///   "token_type": "Bearer",
///   "expires_at": "2026-11-26T16:04:05Z",
///   "scope": "https://www.googleapis.com/auth/gmail.readonly https://www.googleapis.com/auth/spreadsheets",
///   "refreshed_at": "2026-11-26T15:04:06Z"
/// }
/// ```
///
/// - `access_token`: the bearer token sent to Google APIs (secret).
/// - `token_type`: always `Bearer`.
/// - `expires_at`: when Google stops accepting it: `refreshed_at` plus the `expires_in` Google returned.
/// - `scope`: the space-separated scopes Google granted (empty when the token response had none).
/// - `refreshed_at`: when this host received the token; the 401-storm cooldown is measured from it.
///
/// The file is replaced atomically (temp file, fsync, rename, fsync of the directory), so a reader sees
/// the old token or the new one, never a mix. `description` and `dump` never show the token itself.
public struct CachedToken: Sendable, Equatable {
    public let accessToken: String
    public let tokenType: String
    public let expiresAt: Date
    public let scope: String
    public let refreshedAt: Date

    /// Times are cut to whole seconds, as the file stores them, so a token reads back equal.
    public init(accessToken: String, tokenType: String = "Bearer", expiresAt: Date, scope: String, refreshedAt: Date) {
        self.accessToken = accessToken
        self.tokenType = tokenType
        self.expiresAt = Date(timeIntervalSince1970: expiresAt.timeIntervalSince1970.rounded(.down))
        self.scope = scope
        self.refreshedAt = Date(timeIntervalSince1970: refreshedAt.timeIntervalSince1970.rounded(.down))
    }

    /// The granted scopes.
    public var scopes: [String] { scope.split(separator: " ").map(String.init) }

    /// Seconds until expiry at `now` (negative once expired).
    public func expiresIn(at now: Date) -> Double { expiresAt.timeIntervalSince(now) }

    /// Seconds since this host received the token.
    public func age(at now: Date) -> Double { now.timeIntervalSince(refreshedAt) }

    /// Whether the token can still be used at `now` without refreshing: more than `threshold` seconds of
    /// life left.
    ///
    /// The threshold is capped at half the token's lifetime, so a short-lived token (or a threshold set
    /// larger than the lifetime) cannot make every call refresh.
    public func isUsable(at now: Date, threshold: Double) -> Bool {
        let lifetime = expiresAt.timeIntervalSince(refreshedAt)
        return expiresIn(at: now) > min(threshold, max(0, lifetime / 2))
    }

    /// The `Authorization` header value.
    public var authorization: String { "Bearer \(accessToken)" }
}

extension CachedToken: CustomStringConvertible, CustomReflectable {
    /// Describes the token without its value: `Bearer token expiring 2026-11-26T16:04:05Z (scopes: …)`.
    public var description: String {
        "\(tokenType) token refreshed \(RFC3339.string(from: refreshedAt)), expiring \(RFC3339.string(from: expiresAt))"
            + (scope.isEmpty ? "" : " (scopes: \(scope))")
    }

    public var customMirror: Mirror {
        Mirror(self, children: [
            "accessToken": "[redacted]", "tokenType": tokenType, "expiresAt": expiresAt, "scope": scope,
            "refreshedAt": refreshedAt,
        ])
    }
}

// MARK: JSON

extension CachedToken {
    public static let expectedFormat =
        #"a JSON object {"access_token", "token_type", "expires_at", "scope", "refreshed_at"} as Drydock writes it"#

    /// The file's JSON object, members in schema order.
    public var json: JSONValue {
        .object([
            ("access_token", .string(accessToken)),
            ("token_type", .string(tokenType)),
            ("expires_at", .string(RFC3339.string(from: expiresAt))),
            ("scope", .string(scope)),
            ("refreshed_at", .string(RFC3339.string(from: refreshedAt))),
        ])
    }

    /// The file's bytes: indented JSON and a final newline.
    var fileBytes: [UInt8] { Array((json.serialized(pretty: true) + "\n").utf8) }

    /// Reads the file's JSON object; on failure, says what is wrong (never quoting the token).
    public static func parse(_ json: JSONValue) -> Result<CachedToken, ContentProblem> {
        guard json.objectValue != nil else {
            return .failure(.init("holds a JSON \(json.typeName), not an object"))
        }
        func string(_ name: String) -> String? { json[name]?.stringValue }
        guard let accessToken = string("access_token"), !accessToken.isEmpty else {
            return .failure(.init(#"has no "access_token" with a non-empty string value"#))
        }
        guard let tokenType = string("token_type"), tokenType.lowercased() == "bearer" else {
            return .failure(.init(#"has no "token_type" of "Bearer""#))
        }
        var dates: [Date] = []
        for name in ["expires_at", "refreshed_at"] {
            guard let text = string(name), let date = RFC3339.date(from: text) else {
                return .failure(.init("has no \"\(name)\" RFC 3339 timestamp"))
            }
            dates.append(date)
        }
        return .success(CachedToken(
            accessToken: accessToken, tokenType: "Bearer", expiresAt: dates[0], scope: string("scope") ?? "",
            refreshedAt: dates[1]))
    }
}
