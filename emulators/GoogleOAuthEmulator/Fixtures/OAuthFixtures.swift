import DrydockCore
import EmulatorKit
import Foundation

/// Where the OAuth fixtures live, and the secrets a sandbox needs to talk to an emulator loaded from them.
public enum OAuthFixtures {
    /// `<fixturesDirectory>/oauth/clients.json`; `fixturesDirectory` is a set such as `fixtures/default`.
    public static func clientsFile(in fixturesDirectory: String) -> String {
        (fixturesDirectory.hasSuffix("/") ? fixturesDirectory : fixturesDirectory + "/") + "oauth/clients.json"
    }

    /// The credentials that work against an emulator loaded from `fixturesDirectory`: the first client
    /// and its first refresh token that is not revoked. `--sandbox DIR` writes these into the secrets
    /// directory; `baseURL` is the edge's (`http://127.0.0.1:8080`).
    public static func sandboxSecrets(fixturesDirectory: String, baseURL: String) throws(FixtureError) -> OAuthSandboxSecrets {
        let file = clientsFile(in: fixturesDirectory)
        let set = try OAuthFixtureSet.load(fixturesDirectory: fixturesDirectory, loadTime: Date())
        guard let client = set.clients.first else {
            throw FixtureError(path: file, reason: "declares no clients; a sandbox needs at least one")
        }
        guard let grant = client.refreshTokens.first(where: { !$0.revoked }) else {
            throw FixtureError(path: file, reason: "client \(client.clientID) has no refresh token that is not revoked")
        }
        let base = baseURL.hasSuffix("/") ? String(baseURL.dropLast()) : baseURL
        return OAuthSandboxSecrets(
            clientID: client.clientID, clientSecret: client.clientSecret, refreshToken: grant.token,
            scopes: grant.scopes, email: grant.email, tokenURI: base + "/token")
    }
}

/// Credentials matching a fixture set, for writing into a sandbox secrets directory.
public struct OAuthSandboxSecrets: Sendable, Equatable {
    public let clientID: String
    public let clientSecret: String
    public let refreshToken: String
    /// The scopes the refresh token grants.
    public let scopes: [String]
    /// The account the refresh token belongs to.
    public let email: String
    /// `<base>/token`.
    public let tokenURI: String

    public init(clientID: String, clientSecret: String, refreshToken: String, scopes: [String], email: String, tokenURI: String) {
        self.clientID = clientID
        self.clientSecret = clientSecret
        self.refreshToken = refreshToken
        self.scopes = scopes
        self.email = email
        self.tokenURI = tokenURI
    }
}
