import DrydockCore
import DrydockCredentials
import DrydockCrypto

/// What the token secret holds: the members of `google_token.json` plus who stored it, under which lease.
///
/// ```json
/// {"access_token": "ya29…", "token_type": "Bearer", "expires_at": "2026-12-05T23:00:00Z", "scope": "…",
///  "refreshed_at": "2026-12-05T22:00:00Z", "refreshed_by": "ops-2", "fence": 17}
/// ```
struct SharedTokenSecret: Sendable, Equatable {
    let token: CachedToken
    /// The host that refreshed it (audit).
    let refreshedBy: String?
    /// The lease's fencing number when it was stored.
    let fence: Int?
    /// The Secrets Manager version it was read from (not part of the value).
    var versionID: String?

    static let expectedFormat =
        #"a JSON object {"access_token", "token_type", "expires_at", "scope", "refreshed_at", "refreshed_by", "fence"} as Drydock writes it"#

    var string: String {
        var members = token.json.objectValue ?? []
        if let refreshedBy { members.append(("refreshed_by", .string(refreshedBy))) }
        if let fence { members.append(("fence", .number(String(fence)))) }
        return JSONValue.object(members).serialized(pretty: false)
    }

    /// Parses the secret's string; the problem says what is wrong without quoting the token.
    static func parse(_ text: String) -> Result<SharedTokenSecret, ContentProblem> {
        guard let json = try? JSONValue.parse(Array(text.utf8)) else { return .failure(ContentProblem("is not JSON")) }
        return CachedToken.parse(json).map { token in
            SharedTokenSecret(
                token: token, refreshedBy: json["refreshed_by"]?.stringValue, fence: json["fence"]?.intValue, versionID: nil)
        }
    }

    /// A `ClientRequestToken` for storing this value: the same for a retry of the same store (so Secrets
    /// Manager answers it idempotently), different for every token and lease. 40 hex digits; Secrets
    /// Manager wants 32–64 characters.
    func clientRequestToken(secretID: String) -> String {
        let seed = "\(secretID)\n\(fence ?? 0)\n\(token.accessToken)"
        return "drydock-" + String(Hex.encode(SHA256.hash(Array(seed.utf8))).prefix(32))
    }
}
