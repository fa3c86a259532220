import DrydockCore
import Foundation

/// Reads clients.json into `OAuthFixtureSet`, strictly: unknown members, wrong types and duplicate ids
/// are errors that name the JSON path, so a typo in a user's fixture never silently changes behaviour.
struct FixtureReader {
    let loadTime: Date
    private var seenClientIDs: Set<String> = []
    private var seenRefreshTokens: Set<String> = []

    init(loadTime: Date) { self.loadTime = loadTime }

    typealias Path = [JSONPathComponent]

    mutating func readSet(_ document: JSONValue) throws(OAuthFixtureParseError) -> OAuthFixtureSet {
        let members = try object(document, at: [], allowed: ["access_token_lifetime_seconds", "clients", "description"])
        let lifetime = try optionalLifetime(members, at: []) ?? 3599
        guard let clientsValue = members["clients"] else { throw fail([], "missing member \"clients\"") }
        guard let clients = clientsValue.arrayValue else {
            throw fail([.member("clients")], "expected an array of clients, found \(clientsValue.typeName)")
        }
        var result: [OAuthClient] = []
        for (index, value) in clients.enumerated() {
            result.append(try readClient(value, at: [.member("clients"), .index(index)], defaultLifetime: lifetime))
        }
        return OAuthFixtureSet(clients: result)
    }

    private mutating func readClient(_ value: JSONValue, at path: Path, defaultLifetime: Int) throws(OAuthFixtureParseError) -> OAuthClient {
        let members = try object(value, at: path, allowed: [
            "client_id", "client_secret", "type", "publishing_status", "unauthorized", "grant_types",
            "access_token_lifetime_seconds", "refresh_tokens", "description",
        ])
        let clientID = try requiredString(members, "client_id", at: path)
        guard seenClientIDs.insert(clientID).inserted else {
            throw fail(path + [.member("client_id")], "duplicate client_id \"\(clientID)\"")
        }
        let statusText = try optionalString(members, "publishing_status", at: path) ?? "production"
        guard let status = OAuthClient.PublishingStatus(rawValue: statusText) else {
            throw fail(path + [.member("publishing_status")], "expected \"production\" or \"testing\", found \"\(statusText)\"")
        }
        var refreshTokens: [RefreshTokenRecord] = []
        if let tokensValue = members["refresh_tokens"] {
            guard let tokens = tokensValue.arrayValue else {
                throw fail(path + [.member("refresh_tokens")], "expected an array, found \(tokensValue.typeName)")
            }
            for (index, token) in tokens.enumerated() {
                refreshTokens.append(try readRefreshToken(token, at: path + [.member("refresh_tokens"), .index(index)]))
            }
        }
        return OAuthClient(
            clientID: clientID,
            clientSecret: try requiredString(members, "client_secret", at: path),
            type: try optionalString(members, "type", at: path) ?? "installed",
            publishingStatus: status,
            unauthorized: try optionalBool(members, "unauthorized", at: path) ?? false,
            grantTypes: try optionalStrings(members, "grant_types", at: path) ?? OAuthClient.defaultGrantTypes,
            accessTokenLifetimeSeconds: try optionalLifetime(members, at: path) ?? defaultLifetime,
            refreshTokens: refreshTokens)
    }

    private mutating func readRefreshToken(_ value: JSONValue, at path: Path) throws(OAuthFixtureParseError) -> RefreshTokenRecord {
        let members = try object(value, at: path, allowed: [
            "refresh_token", "email", "scopes", "issued_at", "issued_at_offset_seconds", "revoked", "subject", "description",
        ])
        let token = try requiredString(members, "refresh_token", at: path)
        guard seenRefreshTokens.insert(token).inserted else {
            throw fail(path + [.member("refresh_token")], "duplicate refresh_token (each token belongs to one client)")
        }
        guard let scopesValue = members["scopes"] else { throw fail(path, "missing member \"scopes\"") }
        let scopes: [String]
        if let text = scopesValue.stringValue {
            scopes = GoogleScopes.split(text)
        } else if let items = scopesValue.arrayValue, items.allSatisfy({ $0.stringValue != nil }) {
            scopes = items.compactMap(\.stringValue)
        } else {
            throw fail(path + [.member("scopes")], "expected an array of scope strings or a space-separated string, found \(scopesValue.typeName)")
        }
        guard !scopes.isEmpty else { throw fail(path + [.member("scopes")], "a refresh token grants at least one scope") }

        if members["issued_at"] != nil, members["issued_at_offset_seconds"] != nil {
            throw fail(path + [.member("issued_at_offset_seconds")], "give either issued_at or issued_at_offset_seconds, not both")
        }
        var issuedAt = loadTime
        if let text = try optionalString(members, "issued_at", at: path) {
            guard let date = RFC3339.date(from: text) else {
                throw fail(path + [.member("issued_at")], "expected an RFC 3339 timestamp such as 2026-11-01T09:00:00Z, found \"\(text)\"")
            }
            issuedAt = date
        }
        if let offset = members["issued_at_offset_seconds"] {
            guard let seconds = offset.doubleValue else {
                throw fail(path + [.member("issued_at_offset_seconds")], "expected a number of seconds, found \(offset.typeName)")
            }
            guard abs(seconds) <= Self.maximumOffsetSeconds else {
                throw fail(path + [.member("issued_at_offset_seconds")],
                           "expected at most \(Int(Self.maximumOffsetSeconds)) seconds (100 years) either way, found \(offset.serialized())")
            }
            issuedAt = loadTime.addingTimeInterval(seconds)
        }
        return RefreshTokenRecord(
            token: token,
            email: try requiredString(members, "email", at: path),
            scopes: scopes,
            issuedAt: issuedAt,
            revoked: try optionalBool(members, "revoked", at: path) ?? false,
            subject: try optionalString(members, "subject", at: path))
    }

    // MARK: Typed member access

    private func object(_ value: JSONValue, at path: Path, allowed: Set<String>) throws(OAuthFixtureParseError) -> JSONValue {
        guard let members = value.objectValue else { throw fail(path, "expected an object, found \(value.typeName)") }
        for (name, _) in members where !allowed.contains(name) {
            throw fail(path + [.member(name)], "unknown member \"\(name)\" (expected one of: \(allowed.sorted().joined(separator: ", ")))")
        }
        return value
    }

    private func requiredString(_ object: JSONValue, _ name: String, at path: Path) throws(OAuthFixtureParseError) -> String {
        guard let value = try optionalString(object, name, at: path) else { throw fail(path, "missing member \"\(name)\"") }
        guard !value.isEmpty else { throw fail(path + [.member(name)], "must not be empty") }
        return value
    }

    private func optionalString(_ object: JSONValue, _ name: String, at path: Path) throws(OAuthFixtureParseError) -> String? {
        guard let value = object[name] else { return nil }
        guard let text = value.stringValue else { throw fail(path + [.member(name)], "expected a string, found \(value.typeName)") }
        return text
    }

    private func optionalBool(_ object: JSONValue, _ name: String, at path: Path) throws(OAuthFixtureParseError) -> Bool? {
        guard let value = object[name] else { return nil }
        guard let flag = value.boolValue else { throw fail(path + [.member(name)], "expected true or false, found \(value.typeName)") }
        return flag
    }

    private func optionalStrings(_ object: JSONValue, _ name: String, at path: Path) throws(OAuthFixtureParseError) -> [String]? {
        guard let value = object[name] else { return nil }
        guard let items = value.arrayValue, items.allSatisfy({ $0.stringValue != nil }) else {
            throw fail(path + [.member(name)], "expected an array of strings, found \(value.typeName)")
        }
        return items.compactMap(\.stringValue)
    }

    private func optionalLifetime(_ object: JSONValue, at path: Path) throws(OAuthFixtureParseError) -> Int? {
        let name = "access_token_lifetime_seconds"
        guard let value = object[name] else { return nil }
        guard let seconds = value.intValue, seconds > 0, seconds <= Self.maximumLifetimeSeconds else {
            throw fail(path + [.member(name)],
                       "expected a positive whole number of seconds up to \(Self.maximumLifetimeSeconds) (10 years), found \(value.serialized())")
        }
        return seconds
    }

    /// The longest `access_token_lifetime_seconds`: 10 years. Far past any real token (Google's last an
    /// hour), and small enough that expiry times stay in range for every computation on them.
    static let maximumLifetimeSeconds = 315_360_000

    /// The farthest `issued_at_offset_seconds` reaches from load time, either way: 100 years.
    static let maximumOffsetSeconds: Double = 3_155_760_000

    private func fail(_ path: Path, _ reason: String) -> OAuthFixtureParseError {
        OAuthFixtureParseError(path: path, reason: reason)
    }
}
