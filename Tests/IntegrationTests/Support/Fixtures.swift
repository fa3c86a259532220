import DrydockCore
import Foundation

/// Values from the default fixture set (`fixtures/default`), read from the files rather than copied
/// here, so the tests follow the fixtures.
enum DefaultFixtures {
    /// `<package>/fixtures/default`.
    static let directory = URL(fileURLWithPath: #filePath)
        .deletingLastPathComponent().deletingLastPathComponent().deletingLastPathComponent()
        .deletingLastPathComponent().appendingPathComponent("fixtures/default").path

    static let clients: [JSONValue] = {
        let bytes = FileManager.default.contents(atPath: directory + "/oauth/clients.json") ?? Data()
        return (try? JSONValue.parse(Array(bytes)))?["clients"]?.arrayValue ?? []
    }()

    static func refreshTokens(of client: JSONValue) -> [JSONValue] { client["refresh_tokens"]?.arrayValue ?? [] }

    /// The first revoked refresh token of the sandbox's client (the demo client).
    static var revokedRefreshToken: String? {
        clients.first.flatMap { refreshTokens(of: $0).first { $0["revoked"]?.boolValue == true } }?["refresh_token"]?
            .stringValue
    }

    /// A client in "testing" publishing status and its refresh token that expired (consented over 7 days ago).
    static var expiredTestingGrant: (clientID: String, clientSecret: String, refreshToken: String)? {
        for client in clients where client["publishing_status"]?.stringValue == "testing" {
            guard let id = client["client_id"]?.stringValue, let secret = client["client_secret"]?.stringValue else { continue }
            for token in refreshTokens(of: client) {
                if let offset = token["issued_at_offset_seconds"]?.doubleValue, offset < -7 * 86_400,
                   let value = token["refresh_token"]?.stringValue {
                    return (id, secret, value)
                }
            }
        }
        return nil
    }

    /// Every refresh token and client secret in the fixture set: none may ever be printed or journaled.
    static var allSecrets: [Secret] {
        var secrets: [Secret] = []
        for (index, client) in clients.enumerated() {
            if let secret = client["client_secret"]?.stringValue {
                secrets.append(Secret(label: "fixture client secret #\(index)", value: secret))
            }
            for (tokenIndex, token) in refreshTokens(of: client).enumerated() {
                if let value = token["refresh_token"]?.stringValue {
                    secrets.append(Secret(label: "fixture refresh token #\(index).\(tokenIndex)", value: value))
                }
            }
        }
        return secrets
    }
}
